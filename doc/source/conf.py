project = "kayobe"
extensions = []
master_doc = "index"
exclude_patterns = []

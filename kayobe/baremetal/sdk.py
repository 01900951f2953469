"""openstacksdk connection code of kayobe's OpenStack Ansible modules.

Also an Ansible module_utils file (``ansible/module_utils/kayobe_baremetal_sdk.py``
links here), so that the modules share one copy: it imports only openstacksdk,
which may be missing where a module runs; ``require_sdk`` reports that.
"""

try:
    import openstack
except ImportError:  # reported by require_sdk, as the module's first step
    openstack = None


def cloud_spec(**options):
    """The module's argument spec: ``cloud`` (openstacksdk connection
    arguments, or a clouds.yaml cloud name; it holds credentials) and
    ``options``."""
    return dict(cloud=dict(type="raw", required=True, no_log=True), **options)


def require_sdk(module):
    """Fail ``module`` when openstacksdk cannot be imported."""
    if openstack is None:
        from ansible.module_utils.basic import missing_required_lib
        module.fail_json(msg=missing_required_lib("openstacksdk"))


def connect(cloud):
    """An openstacksdk connection from a cloud name or connection arguments."""
    if isinstance(cloud, str):
        return openstack.connect(cloud=cloud)
    return openstack.connect(**cloud)

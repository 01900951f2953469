"""The dell_nested_candidate filter (OS10 and OS9): kayobe's flat Dell
candidate, nested.

kayobe renders Dell interface blocks flat, each closed by 'exit' (as an
operator types them). OS10 and OS9 show their running configuration
nested, a block's lines indented by one space, and os10_config and
os9_config compare the two line by line under their parents: the flat form
would never match, so every run would send the whole configuration again.
"""


def dell_nested_candidate(text):
    lines, in_block = [], False
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if stripped == "exit" and in_block:
            in_block = False
        elif stripped.startswith("interface "):
            lines.append(stripped)
            in_block = True
        else:
            lines.append(" " + stripped if in_block else stripped)
    return "\n".join(lines) + "\n"


class FilterModule:
    def filters(self):
        return {"dell_nested_candidate": dell_nested_candidate}

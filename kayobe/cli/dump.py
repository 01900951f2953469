"""``kayobe configuration dump``."""

import json

from kayobe import engine
from kayobe import secrets
from kayobe import variables


def configuration_dump(command, parsed_args, config, options):
    """Print resolved variables of every host, one host, or one variable."""
    engine.prepare(config, options)
    pattern = (parsed_args.host or parsed_args.hosts or options.limit
               or "all")
    data = variables.resolve(config, options, pattern, parsed_args.var_name,
                             parsed_args.dump_facts)
    # Passwords, tokens and private keys (the control host's SSH key pair in
    # the kolla custom passwords) are never printed.
    data = {host: secrets.mask(hostvars) for host, hostvars in data.items()}
    if parsed_args.host:
        data = data.get(parsed_args.host, {})
    if parsed_args.var_name:
        data = ({h: v[parsed_args.var_name] for h, v in data.items()}
                if not parsed_args.host else data[parsed_args.var_name])
    command.app.stdout.write(render(data, parsed_args.output_format))


def render(data, output_format):
    if output_format == "json":
        return json.dumps(data, indent=2, sort_keys=True) + "\n"
    import yaml
    return yaml.safe_dump(data, default_flow_style=False, sort_keys=True)

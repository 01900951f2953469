"""Turn rows of the command table into cliff commands."""

import importlib
import sys

from cliff import command as cliff_command
from cliff import commandmanager

from kayobe import errors
from kayobe.cli import table

# The engine and option modules are imported when a command runs, not when
# the command list is built: `kayobe --help` must start fast.


class TableCommand(cliff_command.Command):
    """A command defined by a table row (set on each generated subclass)."""

    row = None

    def get_parser(self, prog_name):
        from kayobe.cli import options as kopts
        parser = super().get_parser(prog_name)
        kopts.add_groups(parser, self.row.groups)
        if self.row.options:
            group = parser.add_argument_group("Command")
            for option in self.row.options:
                kwargs = dict(option.kwargs)
                if option.flags[0].startswith("-"):
                    kwargs.setdefault("dest", option.dest)
                group.add_argument(*option.flags, **kwargs)
        return parser

    def run(self, parsed_args):
        try:
            return super().run(parsed_args) or 0
        except errors.KayobeError as exc:
            # One line, no traceback: the engine's errors are for operators.
            sys.stderr.write(f"kayobe: error: {exc}\n")
            return exc.exit_code
        except OSError as exc:
            # The machine refused (a path not writable, a disk full): the
            # message names the path; a traceback would not help.
            sys.stderr.write(f"kayobe: error: {exc}\n")
            return 1
        except KeyboardInterrupt:
            sys.stderr.write("kayobe: interrupted\n")
            return 130

    def take_action(self, parsed_args):
        from kayobe import engine
        from kayobe import paths
        from kayobe.cli import options as kopts
        config = kopts.get_config(
            parsed_args, with_environment=self.row.environment_must_exist)
        run_options = kopts.get_run_options(parsed_args, self.app_verbose())
        with engine.config_lock(config, self.row.words,
                                shared=self.row.read_only):
            if self.row.procedure:
                return load_procedure(self.row.procedure)(
                    self, parsed_args, config, run_options)
            engine.prepare(config, run_options)
            engine.run_playbooks(
                config, run_options, self.row.words,
                [paths.playbook_path(name) for name in self.row.playbooks()],
                limit=self.row.limit,
                extra_vars=self.row.extra_vars(parsed_args),
                sentinel=self.row.sentinel, stdout=self.app.stdout)

    def app_verbose(self):
        return getattr(getattr(self.app, "options", None), "verbose_level", 1)


def load_procedure(spec):
    module, function = spec.split(":")
    return getattr(importlib.import_module(f"kayobe.cli.{module}"), function)


def make_command(row):
    """A TableCommand subclass for one row; its docstring is the help."""
    name = "".join(w.capitalize() for w in row.words.split())
    return type(name, (TableCommand,), {"row": row, "__doc__": row.help})


class TableCommandManager(commandmanager.CommandManager):
    """Commands come from the table, not from entry points (fast start)."""

    def __init__(self):
        super().__init__("kayobe.cli", convert_underscores=True)

    def load_commands(self, namespace):
        self.group_list.append(namespace)
        for row in table.ROWS:
            self.add_command(row.words, make_command(row))

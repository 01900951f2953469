"""Physical network (switch) configuration as pure functions.

``select`` turns a switch's variables and the command's options into the
candidate interfaces (discovery toggles, name and description limits);
``render`` turns the candidate into the lines each ``switch_type`` takes.
The Ansible filter ``physnet_candidate`` is a thin shim over ``candidate``.
"""

"""Bare-metal provisioning: Ironic node state planning and convergence.

Pieces (each usable alone):

- :mod:`kayobe.baremetal.states`: the pure planner.
  ``plan(state, target, inspected=False, cleaned=False, maintenance=False,
  maintenance_reason=None)`` returns the Ironic verbs (``manage``,
  ``inspect``, ``clean``, ``provide``, ``active``, ``deleted``,
  ``unrescue``) taking a node from provision state ``state`` to ``target``
  (``manageable``, ``inspected``, ``cleaned``, ``available``, ``active``),
  ``[]`` when it is there, ``[states.WAIT]`` while Ironic works on it, or
  raises ``states.PlanError`` (unknown state, unreachable target, node in
  maintenance).  An ``active`` node is only ever undeployed for target
  ``available``.
- :mod:`kayobe.baremetal.runner`: ``NodeRunner(conn, spec).converge()``
  applies the plan over an openstacksdk connection (``conn.baremetal``), one
  verb at a time, polling every ``poll_interval`` s within ``timeout`` s;
  raises ``runner.NodeError`` whose message names the node, its provision
  state and last error (attributes ``state``, ``last_error``,
  ``transitions``).
- The Ansible module ``kayobe_baremetal_node`` (``ansible/library/``) is a
  thin wrapper of the runner; both files above are shipped to the host that
  runs it as ``ansible/module_utils/kayobe_baremetal_{states,runner}.py``
  (symlinks: the kayobe package holds the single source, and the module runs
  on a seed where kayobe is not installed).

Module options (one inventory host = one node; delegate to the host that
reaches the API, e.g. ``delegate_to: "{{ kayobe_baremetal_api_host }}"``):

``cloud`` (required, no_log): a clouds.yaml cloud name, or a dict of
``openstack.connect`` arguments (``cloud``, ``auth_type``, ``auth``,
``interface``, ``cacert``, ``region_name``...); ``name`` or ``uuid``;
``target``; ``timeout`` (1800); ``poll_interval`` (0.5); ``clean_steps``
(for ``cleaned``); ``raid_config`` (the target RAID configuration, set
before cleaning); ``instance_info`` (merged before deploying); ``driver``
(registers a missing node); ``driver_info`` (no_log, merged); ``properties``
(merged); ``resource_class``; ``ports`` (MACs to ensure).  Returns
``changed``, ``state``, ``uuid``, ``power_state``, ``last_error``,
``transitions`` (``"from -> verb -> to"``) and, in check mode, ``planned``.
Failure: ``msg`` ("node NAME: WHAT; provision state 'S', last error: E"),
``state``, ``last_error``, ``transitions``.
"""

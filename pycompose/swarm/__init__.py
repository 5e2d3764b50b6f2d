"""The Swarm backend: deploy one Compose file as a stack of Swarm services (``pycompose stack ...``).

The same one-direction flow as the single-host side, with Swarm objects instead of containers::

    Project ─▶ translate (pure) ─▶ StackSpec (service specs, networks, secrets, configs, warnings)
    manager ─▶ observe ─▶ SwarmState (by the com.docker.stack.namespace label) ──┐
                                                                                  ▼
                                     planner (pure) ─▶ Plan of create/update/remove steps with reasons
                                                                                  │
                                     executor ─▶ SwarmEngine (docker SDK services API) ─▶ wait (converge)

Names and labels are those of ``docker stack deploy`` (``<stack>_<service>``, ``<stack>_<network>``,
``com.docker.stack.namespace``, ``com.docker.stack.image``), so ``docker stack ps/services/rm`` manage
what ``pycompose stack deploy`` created and the other way round. Secrets and configs are versioned
(``<stack>_<key>-<hash of the content>``): a changed file creates a new object and rolls the services
onto it, and the stale version is removed once nothing refers to it.
"""

"""The pure planner: (Project, ObservedState, options) -> Plan. No I/O, never imports docker."""

"""The Docker Engine behind a protocol: ``base`` says what pycompose needs, ``docker`` implements it."""

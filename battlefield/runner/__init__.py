"""The Battlefield match runner: games, the sandbox robots run in, and the
Lambda handler (runner.handler.handle)."""

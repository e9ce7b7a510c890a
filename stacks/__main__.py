"""The Pulumi program of this project (Pulumi.yaml `main: stacks/`)."""

from demo import program

program()

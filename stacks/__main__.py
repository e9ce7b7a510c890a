"""The Pulumi program of this project (Pulumi.yaml `main: stacks/`); the offline rig imports `program`."""

from demo import program

if __name__ == "__main__":
    program()

"""Allow ``python -m trtreport``."""

from trtreport.cli import run

if __name__ == "__main__":
    run()

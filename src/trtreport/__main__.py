"""Allow ``python -m trtreport``."""

from trtreport.cli import main

if __name__ == "__main__":
    main()

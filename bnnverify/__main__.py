from bnnverify.cli import main

if __name__ == "__main__":  # the guard lets worker processes import this module safely
    raise SystemExit(main())

import flat_demo  # noqa: F401  (a VERIFY_SCRIPT for the check-name comparison; never run here)

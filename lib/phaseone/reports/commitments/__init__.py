"""The commitments report: every purchase commitment file measured by one engine."""

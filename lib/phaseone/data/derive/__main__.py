"""`python -m phaseone.data.derive RAW [--out DIR]`: rebuild the derived tables."""

import sys

from phaseone.data.derive import main

sys.exit(main())

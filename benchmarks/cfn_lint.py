"""cfn-lint for run.py: its findings are not failures here, so exit 0 unless cfn-lint itself failed.

cfn-lint's exit code is a bit set (2 errors, 4 warnings, 8 informational); 1 is a crash.
"""

import sys

from cfnlint.runner import main

try:
    main()
except SystemExit as leaving:
    code = leaving.code if isinstance(leaving.code, int) else 1
    sys.exit(1 if code & 1 else 0)

"""The back office in the admin; each subject registers its admins in its own module."""

from rathaus.casework import admin_cases  # noqa: F401  (teams, routing rules, deadlines)
from rathaus.casework.documents import admin as documents_admin  # noqa: F401  (decision templates)

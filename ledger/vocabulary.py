"""Closed vocabularies of the charter: stakeholder groups, offices, roles, kinds."""

STAKEHOLDER_GROUPS = (
    "government",
    "private-sector",
    "civil-society",
    "technical-community",
    "academia",
    "intergovernmental-organization",
)

OFFICES = ("secretariat", "dccg")

# The role under which an event was recorded (see the rules' "Who acts" table).
SECRETARIAT = "secretariat"
DCCG = "dccg"
COORDINATOR = "coordinator"
MEMBER = "member"

MEMBER_ROLES = ("full", "observer")
OUTPUT_KINDS = ("document", "event", "project")
BALLOT_CHOICES = ("yes", "no", "abstain")
THRESHOLDS = ("majority", "two-thirds")

# Stored coalition lifecycle states; "active" and "inactive" are derived by the rules.
PROPOSED = "proposed"
DECLINED = "declined"
RECOGNIZED = "recognized"
DISSOLVED = "dissolved"

"""The committed data tables are exactly what scripts/generate_data.py makes from the pinned package."""

import json
import subprocess
import sys
from pathlib import Path

from samtransform.core.tables import DATA_DIR, managed_policies, policy_templates

ROOT = Path(__file__).resolve().parent.parent


def test_tables_are_regenerated_from_the_pinned_package():
    result = subprocess.run([sys.executable, "scripts/generate_data.py", "--check"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_every_table_records_its_provenance():
    for path in sorted(Path(DATA_DIR).rglob("*.json")):
        provenance = json.loads(path.read_text())["provenance"]
        assert provenance["package"] == "aws-sam-translator"
        assert provenance["license"] == "Apache-2.0"
        assert len(provenance["sha256"]) == 64


def test_partition_tables_differ_where_arns_do():
    assert managed_policies("aws")["AWSLambdaRole"] == "arn:aws:iam::aws:policy/service-role/AWSLambdaRole"
    assert managed_policies("aws-cn")["AWSLambdaRole"].startswith("arn:aws-cn:")
    assert managed_policies("aws-us-gov")["AWSLambdaRole"].startswith("arn:aws-us-gov:")
    assert managed_policies("aws-iso") == {}


def test_policy_templates_have_parameters_and_statements():
    template = policy_templates()["SQSPollerPolicy"]
    assert template["Parameters"] == ["QueueName"]
    assert "Statement" in template["Definition"]

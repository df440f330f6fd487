"""/data/datapackage.json describes every CSV download, from the same column declarations."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from django.urls import reverse
from frictionless import validate

from core.structured import LICENCE
from core.version import content_version
from opendata.datasets import DATASETS


def test_the_data_package_describes_every_csv_column_by_column(client, seed):
    response = client.get(reverse("opendata:datapackage"))
    assert response["Content-Type"] == "application/json"
    package = response.json()
    assert package["version"] == content_version()
    assert package["licenses"] == [{"name": "CC-BY-4.0", "path": LICENCE["url"], "title": LICENCE["notice"]}]
    assert [resource["name"] for resource in package["resources"]] == list(DATASETS)
    for resource in package["resources"]:
        dataset = DATASETS[resource["name"]]
        header = client.get(reverse("opendata:csv", args=[dataset.slug])).getvalue().decode().splitlines()[0]
        names = [field["name"] for field in resource["schema"]["fields"]]
        assert names == dataset.fieldnames == header.split(",")
        assert resource["path"] == f"{dataset.slug}.csv"
        assert all(field["description"] for field in resource["schema"]["fields"])
    facts = {field["name"]: field for field in package["resources"][0]["schema"]["fields"]}
    assert facts["source_count"]["type"] == "integer"
    assert facts["value"]["type"] == "number"
    assert facts["modified_at"]["type"] == "datetime"
    assert facts["passage_url"]["format"] == "uri"
    assert facts["standing"]["constraints"]["enum"][:2] == ["unsourced", "single_source"]


def test_frictionless_validates_the_package_against_the_files_served(client, seed, tmp_path):
    """The descriptor as served, and each CSV saved beside it under the name its path gives;
    validated as a library and by the command line."""
    package = client.get(reverse("opendata:datapackage")).json()
    (tmp_path / "datapackage.json").write_text(json.dumps(package))
    for resource in package["resources"]:
        body = client.get(reverse("opendata:csv", args=[resource["name"]])).getvalue()
        (tmp_path / resource["path"]).write_bytes(body)
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    rows = [len(list(csv.DictReader(io.StringIO((tmp_path / f"{name}.csv").read_text())))) for name in DATASETS]
    assert [task.stats["rows"] for task in report.tasks] == rows
    assert min(rows) > 10
    command = [str(Path(sys.executable).parent / "frictionless"), "validate", "datapackage.json"]
    checked = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr

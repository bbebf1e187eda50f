#!/usr/bin/env python3
"""gen_plan.py N OUT - a synthetic Terraform plan with N resource changes.

Realistic shape and size (about 2 KB per resource, with configuration and
prior state as terraform show -json writes them): nested modules with
count and for_each keys, every common action, unknown and sensitive
values, IAM policy JSON strings, references between resources.
Deterministic: the same N gives the same bytes.
"""
import json
import sys


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    actions = [["create"]] * 5 + [["update"]] * 3 + [["no-op"]] * 6 + [["delete"]] + \
        [["delete", "create"]] + [["create", "delete"]]
    changes, config_resources, state = [], [], []
    for i in range(n):
        mod = i // 500
        key = f"svc-{i % 500}"
        typ = ["aws_s3_bucket", "aws_instance", "aws_iam_policy", "aws_security_group",
               "aws_db_instance"][i % 5]
        addr = f'module.m{mod}.{typ}.r["{key}"]'
        act = actions[i % len(actions)]
        before = None if act == ["create"] else {
            "id": f"id-{i}", "arn": f"arn:aws:service:eu-west-1:123456789012:{typ}/{i}",
            "name": f"res-{i}", "tags": {"Team": "core", "Env": "prod", "Index": str(i)},
            "policy": json.dumps({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": f"arn:aws:s3:::b{i}/*"}]}),
            "ingress": [{"from_port": 443, "to_port": 443, "protocol": "tcp",
                         "cidr_blocks": ["10.0.0.0/8"], "description": "https"}],
            "password": f"pw-{i}", "size": i * 10, "enabled": True}
        after = None if act == ["delete"] else {
            "name": f"res-{i}", "tags": {"Team": "core", "Env": "prod", "Index": str(i)},
            "policy": json.dumps({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"] if act == ["update"]
                 else ["s3:GetObject"], "Resource": f"arn:aws:s3:::b{i}/*"}]}),
            "ingress": [{"from_port": 443, "to_port": 443, "protocol": "tcp",
                         "cidr_blocks": ["10.0.0.0/8"], "description": "https"}],
            "password": f"pw-{i}", "size": i * 10 + (1 if act == ["update"] else 0), "enabled": True}
        if after is not None and before is not None:
            after["id"] = before["id"]
            after["arn"] = before["arn"]
        change = {"actions": act, "before": before, "after": after,
                  "after_unknown": {"id": True, "arn": True} if act[0] == "create" or len(act) == 2 else {},
                  "before_sensitive": False if before is None else {"password": True},
                  "after_sensitive": False if after is None else {"password": True}}
        if len(act) == 2:
            change["replace_paths"] = [["name"]]
        changes.append({"address": addr, "module_address": f"module.m{mod}", "mode": "managed",
                        "type": typ, "name": "r", "index": key,
                        "provider_name": "registry.terraform.io/hashicorp/aws", "change": change})
        if before is not None:
            state.append({"address": addr, "mode": "managed", "type": typ, "name": "r",
                          "index": key, "provider_name": "registry.terraform.io/hashicorp/aws",
                          "schema_version": 0, "values": before,
                          "sensitive_values": {"password": True},
                          "depends_on": [f"module.m{mod}.aws_s3_bucket.r"]})
    for m in range(n // 500 + 1):
        config_resources.append(m)
    module_calls = {f"m{m}": {"source": "./svc", "for_each_expression": {"references": ["var.svcs"]},
                              "module": {"resources": [
                                  {"address": f"{t}.r", "mode": "managed", "type": t, "name": "r",
                                   "provider_config_key": "aws",
                                   "expressions": {"name": {"references": ["each.key"]},
                                                   "bucket": {"references": ["aws_s3_bucket.r.id", "aws_s3_bucket.r"]}},
                                   "schema_version": 0, "for_each_expression": {"references": ["var.keys"]}}
                                  for t in ["aws_s3_bucket", "aws_instance", "aws_iam_policy",
                                            "aws_security_group", "aws_db_instance"]]}}
                    for m in config_resources}
    plan = {"format_version": "1.2", "terraform_version": "1.9.4",
            "planned_values": {"root_module": {}},
            "resource_changes": changes,
            "prior_state": {"format_version": "1.0", "terraform_version": "1.9.4",
                            "values": {"root_module": {"child_modules": [
                                {"address": "module.all", "resources": state}]}}},
            "configuration": {"provider_config": {"aws": {"name": "aws",
                                                          "full_name": "registry.terraform.io/hashicorp/aws"}},
                              "root_module": {"module_calls": module_calls}},
            "timestamp": "2026-12-01T00:00:00Z", "applyable": True, "complete": True, "errored": False}
    with open(out, "w") as f:
        json.dump(plan, f, separators=(",", ":"))


if __name__ == "__main__":
    main()

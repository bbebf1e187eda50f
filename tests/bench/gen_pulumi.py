#!/usr/bin/env python3
"""gen_pulumi.py N OUT - a synthetic `pulumi preview --json` digest with N steps.

The shape `pulumi preview --json` writes: config (with a secret), one stack
resource, then N resource steps across every common op (same, create,
update, delete, replace as its create-replacement/replace/delete-replaced
triple), each with old and new states, inputs and outputs, dependencies,
propertyDependencies, replace and diff reasons, detailedDiff, and a few
diagnostics and policy violations.  Deterministic: the same N gives the
same bytes.
"""
import json
import sys

STACK = "urn:pulumi:prod::shop::pulumi:pulumi:Stack::shop-prod"
PROVIDER = ("urn:pulumi:prod::shop::pulumi:providers:aws::default_6_63_0::"
            "04da6b54-80e4-46f7-96ec-b56ff0331ba9")
TYPES = ["aws:s3/bucket:Bucket", "aws:ec2/instance:Instance", "aws:iam/policy:Policy",
         "aws:ec2/securityGroup:SecurityGroup", "aws:rds/instance:Instance"]


def urn(typ, name):
    return f"urn:pulumi:prod::shop::{typ}::{name}"


def state(u, typ, i, changed, secret):
    inputs = {"name": f"res-{i}", "tags": {"Team": "core", "Env": "prod", "Index": str(i)},
              "policy": json.dumps({"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"] if changed
                   else ["s3:GetObject"], "Resource": f"arn:aws:s3:::b{i}/*"}]}),
              "ingress": [{"fromPort": 443, "toPort": 443, "protocol": "tcp",
                           "cidrBlocks": ["10.0.0.0/8"], "description": "https"}],
              "size": i * 10 + (1 if changed else 0), "enabled": True,
              "password": "[secret]" if secret else f"pw-{i}"}
    outputs = dict(inputs, id=f"id-{i}", arn=f"arn:aws:service:eu-west-1:123456789012:{i}")
    deps = [urn(TYPES[0], f"r{i - 1}")] if i else []
    return {"urn": u, "custom": True, "type": typ, "id": f"id-{i}", "parent": STACK,
            "provider": PROVIDER, "inputs": inputs, "outputs": outputs,
            "dependencies": deps, "propertyDependencies": {"name": deps},
            "additionalSecretOutputs": ["password"] if secret else [],
            "protect": i % 97 == 0, "created": "2026-11-30T12:00:00Z",
            "modified": "2026-11-30T12:00:00Z"}


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    stack = {"urn": STACK, "custom": False, "type": "pulumi:pulumi:Stack"}
    steps = [{"op": "same", "urn": STACK, "oldState": stack, "newState": stack,
              "detailedDiff": None}]
    diagnostics = []
    ops = ["same"] * 6 + ["create"] * 5 + ["update"] * 3 + ["delete"] + ["replace"]
    for i in range(n):
        typ = TYPES[i % len(TYPES)]
        u = urn(typ, f"r{i}")
        op = ops[i % len(ops)]
        secret = i % 7 == 0
        old = state(u, typ, i, False, secret)
        new = state(u, typ, i, op != "same", secret)
        step = {"op": op, "urn": u, "type": typ, "provider": PROVIDER}
        if op == "create":
            step["newState"] = new
        elif op == "delete":
            step["oldState"] = old
        else:
            step["oldState"] = old
            step["newState"] = new
        if op in ("update", "replace"):
            step["diffReasons"] = ["policy", "size"]
            step["detailedDiff"] = {"policy": {"kind": "update", "inputDiff": True},
                                    "size": {"kind": "update-replace" if op == "replace"
                                             else "update", "inputDiff": True}}
        else:
            step["detailedDiff"] = None
        if op == "replace":
            step["replaceReasons"] = ["size"]
            steps.append(dict(step, op="create-replacement"))
            steps.append(step)
            steps.append(dict(step, op="delete-replaced"))
        else:
            steps.append(step)
        if i % 500 == 0:
            diagnostics.append({"urn": u, "prefix": "warning: ", "severity": "warning",
                                "message": f"<{{%fg 3%}}>resource r{i} is deprecated<{{%reset%}}>\n"})
    digest = {"config": {"aws:region": "eu-west-1", "shop:dbPassword": "[secret]"},
              "steps": steps, "diagnostics": diagnostics, "duration": 1234567890,
              "changeSummary": {"same": n // 16 * 6, "create": n // 16 * 5}}
    with open(out, "w") as f:
        json.dump(digest, f, indent=4)


if __name__ == "__main__":
    main()

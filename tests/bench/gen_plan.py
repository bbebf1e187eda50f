#!/usr/bin/env python3
"""Writes a large synthetic Terraform plan (terraform show -json shape).

    python3 tests/bench/gen_plan.py [N] > build/bench/plan-50k.json

N resource instances (default 50000) spread over nested modules, with a
mix of every action, before/after values of realistic size, sensitive
and unknown values, replace_paths, prior-state depends_on and a
configuration with references, so that loading, the tree, the
dependency index and the detail pane all have work to do.  The output is
deterministic for a given N.
"""
import json
import random
import sys

N = int(sys.argv[1]) if len(sys.argv) > 1 else 50000
rnd = random.Random(42)
AWS = "registry.terraform.io/hashicorp/aws"
ACTIONS = [(["create"], 30), (["update"], 30), (["no-op"], 20), (["delete"], 8),
           (["delete", "create"], 6), (["create", "delete"], 3), (["read"], 3)]
TYPES = ["aws_instance", "aws_s3_bucket", "aws_security_group", "aws_iam_role",
         "aws_lb_target_group", "aws_route53_record", "aws_ebs_volume", "aws_subnet"]

def pick_action():
    r = rnd.randrange(100)
    for a, w in ACTIONS:
        if r < w:
            return a
        r -= w
    return ["no-op"]

def attrs(i, typ, gen):
    return {
        "name": "%s-%d" % (typ, i),
        "tags": {"Environment": "prod", "Team": "team-%d" % (i % 40), "Generation": str(gen)},
        "size": 10 + (i % 7) * gen,
        "enabled": bool((i + gen) % 2),
        "description": "resource %d of the synthetic plan, generation %d" % (i, gen),
        "rules": [{"port": 443, "cidr": "10.%d.0.0/16" % (i % 250)},
                  {"port": 22, "cidr": "10.0.%d.0/24" % ((i + gen) % 250)}],
        "policy": json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["s3:GetObject"] + (["s3:PutObject"] if gen > 1 else []),
             "Resource": "arn:aws:s3:::bucket-%d/*" % i}]}),
        "password": "secret-%d-%d" % (i, gen),
    }

modules = ["module.m%d" % m for m in range(50)]
modules += ['module.m%d.module.inner["k%d"]' % (m, k) for m in range(10) for k in range(5)]
changes, prior = [], []
per_module = {}
for i in range(N):
    mod = modules[i % len(modules)]
    typ = TYPES[i % len(TYPES)]
    name = "r%d" % (i // len(modules))
    addr = "%s.%s.%s" % (mod, typ, name)
    act = pick_action()
    before = attrs(i, typ, 1) if act not in (["create"], ["read"]) else None
    after = attrs(i, typ, 2 if act != ["no-op"] else 1) if act != ["delete"] else None
    ch = {"actions": act, "before": before, "after": after,
          "after_unknown": {"id": True, "arn": True} if after is not None else False,
          "before_sensitive": {"password": True} if before is not None else False,
          "after_sensitive": {"password": True} if after is not None else False}
    if act in (["delete", "create"], ["create", "delete"]):
        ch["replace_paths"] = [["name"]]
    rc = {"address": addr, "module_address": mod, "mode": "managed", "type": typ,
          "name": name, "provider_name": AWS, "change": ch}
    if act == ["read"]:
        rc["mode"] = "data"
        rc["address"] = "%s.data.%s.%s" % (mod, typ, name)
    changes.append(rc)
    per_module.setdefault(mod, []).append((typ, name))
    if before is not None:
        p = {"address": addr, "mode": "managed", "type": typ, "name": name,
             "provider_name": AWS, "schema_version": 0, "values": before}
        if i % len(modules) == i % 7 and i > len(modules):
            prev = changes[i - len(modules)]
            p["depends_on"] = [prev["address"]]
        prior.append(p)

# configuration: each resource refers to the previous one in its module
def module_config(mod):
    res = []
    items = per_module.get(mod, [])
    for k, (typ, name) in enumerate(items[:400]):
        exprs = {"name": {"constant_value": name}}
        if k:
            pt, pn = items[k - 1]
            exprs["depends"] = {"references": ["%s.%s.id" % (pt, pn), "%s.%s" % (pt, pn)]}
        res.append({"address": "%s.%s" % (typ, name), "mode": "managed", "type": typ,
                    "name": name, "provider_config_key": "aws", "expressions": exprs})
    return {"resources": res}

root = {"resources": [], "module_calls": {}}
for m in range(50):
    mc = module_config("module.m%d" % m)
    if m < 10:
        mc["module_calls"] = {"inner": {"source": "./inner",
                                        "module": module_config('module.m%d.module.inner["k0"]' % m)}}
    root["module_calls"]["m%d" % m] = {"source": "./m", "module": mc}

plan = {"format_version": "1.2", "terraform_version": "1.9.8",
        "resource_changes": changes,
        "prior_state": {"format_version": "1.0", "values": {"root_module": {"resources": prior}}},
        "configuration": {"root_module": root},
        "timestamp": "2026-03-02T09:15:00Z", "applyable": True, "complete": True, "errored": False}
json.dump(plan, sys.stdout, separators=(",", ":"))
sys.stdout.write("\n")

#!/usr/bin/env python3
# gen.py - writes the hostile inputs in this directory (tests/cli/hostile.sh).
#
# The files are committed; this script documents how they were made and
# rewrites them identically:  python3 testdata/hostile/gen.py
#
# Every string a reviewer could see carries terminal controls: ESC
# sequences (colour, OSC title, clear screen), BEL, a C1 CSI, DEL, CR, LF,
# TAB, NUL (in values; names refuse it), bidi overrides and isolates,
# zero-width and BOM characters, a line separator.  Every value marked
# sensitive, in every place each source can mark one, holds a word
# starting "s3cr3t" (or its base64 "czNjcjN0", for Kubernetes Secret
# data): none of them may reach any output.  The sizes that scale
# (10 MB strings, 100k elements, deep nesting) are made by the test.
import base64
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

# In names: everything but NUL (loaders refuse NUL in names and addresses).
H = ("\x1b[31mRED\x1b]0;pwned\x07\u202eevil\u2066\x9bcsi\x7fdel\r\n"
     "\t\u200b\ufeff\u2028x")
# In values: NUL too.
HV = H + "\x00nul"


def write(name, text):
    with open(os.path.join(HERE, name), 'w', encoding='utf-8', newline='\n') as f:
        f.write(text)


def pretty(v):
    return json.dumps(v, indent=1, ensure_ascii=True) + "\n"


# ---- Terraform ----

def rc(addr, actions, before, after, bs=None, as_=None, au=None, **extra):
    r = {
        "address": addr, "mode": "managed", "type": "aws_db_instance",
        "name": "db", "provider_name": "registry.terraform.io/hashicorp/aws",
        "change": {
            "actions": actions, "before": before, "after": after,
            "after_unknown": au if au is not None else {},
            "before_sensitive": bs if bs is not None else {},
            "after_sensitive": as_ if as_ is not None else {},
        },
    }
    r["change"].update(extra.pop("change", {}))
    r.update(extra)
    return r


tf = {
    "format_version": "1.2",
    "terraform_version": "1.9.0" + H,
    "timestamp": "2026-01-01T00:00:00Z" + H,
    "variables": {
        "db_password": {"value": "s3cr3t-variable"},
        "name" + H: {"value": HV},
    },
    "resource_changes": [
        rc("aws_db_instance.a" + H, ["update"],
           {"id": "db-1", "name": HV, "password": "s3cr3t-before",
            "tags": {H: "s3cr3t-tag-before"},
            "users": [{"name": H, "pw": "s3cr3t-list-before"}]},
           {"id": "db-1", "name": HV + "2", "password": "s3cr3t-after",
            "tags": {H: "s3cr3t-tag-after"},
            "users": [{"name": H, "pw": "s3cr3t-list-after"}]},
           bs={"password": True, "tags": True, "users": [{"pw": True}]},
           as_={"password": True, "tags": {H: True}, "users": [{"pw": True}]},
           change={"replace_paths": [["name"], [H]]}),
        rc('aws_db_instance.b["' + H + '"]', ["delete", "create"],
           {"id": "i-" + HV, "password": "s3cr3t-replaced"},
           {"id": None, "password": "s3cr3t-replacing"},
           bs={"password": True}, as_={"password": True}, au={"id": True},
           action_reason="replace_because_tainted", index=H,
           module_address=None),
        rc("module.m" + H + ".aws_db_instance.c", ["create"], None,
           {"secret_list": ["s3cr3t-element", "plain"], "whole": {"k": "s3cr3t-whole"},
            "block": [{"token": "s3cr3t-block"}]},
           as_={"secret_list": [True, False], "whole": True, "block": True},
           module_address="module.m" + H),
        rc("aws_db_instance.d", ["delete"],
           {"id": "d", "password": "s3cr3t-deposed"}, None,
           bs={"password": True}, deposed="dep" + H),
        rc("aws_db_instance.e", ["no-op"],
           {"id": "e", "password": "s3cr3t-unchanged"},
           {"id": "e", "password": "s3cr3t-unchanged"},
           bs={"password": True}, as_={"password": True},
           previous_address="aws_db_instance.old" + H),
    ],
    "resource_drift": [
        rc("aws_db_instance.a" + H, ["update"],
           {"password": "s3cr3t-drift-before"}, {"password": "s3cr3t-drift-after"},
           bs={"password": True}, as_={"password": True}),
    ],
    "output_changes": {
        "pw": {"actions": ["update"], "before": "s3cr3t-output-before",
               "after": "s3cr3t-output-after", "after_unknown": False,
               "before_sensitive": True, "after_sensitive": True},
        "o" + H: {"actions": ["create"], "before": None, "after": HV,
                  "after_unknown": False, "before_sensitive": False,
                  "after_sensitive": False},
        "nested": {"actions": ["create"], "before": None,
                   "after": {"a": "s3cr3t-output-nested", "b": H},
                   "after_unknown": False, "before_sensitive": False,
                   "after_sensitive": {"a": True}},
    },
    "planned_values": {
        "outputs": {"pw": {"sensitive": True, "value": "s3cr3t-planned-output"}},
        "root_module": {"resources": [{
            "address": "aws_db_instance.a" + H, "mode": "managed",
            "type": "aws_db_instance", "name": "db",
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "values": {"password": "s3cr3t-planned", "id": "db-1"},
            "sensitive_values": {"password": True}}]},
    },
    "prior_state": {
        "format_version": "1.0",
        "values": {
            "outputs": {"pw": {"sensitive": True, "value": "s3cr3t-prior-output"}},
            "root_module": {"resources": [
                {"address": "aws_db_instance.a" + H, "mode": "managed",
                 "type": "aws_db_instance", "name": "db",
                 "provider_name": "registry.terraform.io/hashicorp/aws",
                 "values": {"password": "s3cr3t-prior", "id": "db-1"},
                 "sensitive_values": {"password": True},
                 "depends_on": ["aws_db_instance.d" + H]},
                {"address": "data.aws_secret.s" + H, "mode": "data",
                 "type": "aws_secret", "name": "s",
                 "provider_name": "registry.terraform.io/hashicorp/aws",
                 "values": {"secret_string": "s3cr3t-data-source", "id": H},
                 "sensitive_values": {"secret_string": True}}]},
        },
    },
    "configuration": {
        "provider_config": {
            "aws": {"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws",
                    "expressions": {
                        "access_key": {"constant_value": "s3cr3t-access-key"},
                        "secret_key": {"constant_value": "s3cr3t-secret-key"},
                        "token": {"constant_value": "s3cr3t-token"},
                        "client_key": {"constant_value": "s3cr3t-client-key"},
                        "region": {"constant_value": H}}},
        },
        "root_module": {
            "variables": {"db_password": {"sensitive": True,
                                          "default": "s3cr3t-default"}},
            "resources": [{
                "address": "aws_db_instance.a", "mode": "managed",
                "type": "aws_db_instance", "name": "a",
                "provider_config_key": "aws",
                "expressions": {"password": {"references": ["var.db_password"]},
                                "name": {"constant_value": H}}}],
            "module_calls": {"m" + H: {"source": "./m" + H, "module": {
                "variables": {"pw": {"sensitive": True,
                                     "default": "s3cr3t-module-default"}}}}},
        },
    },
}
write("tf.json", pretty(tf))

# ---- Pulumi ----

P = "urn:pulumi:prod" + H + "::shop" + H + "::"
STACK = P + "pulumi:pulumi:Stack::shop-prod"
SIG = "4dabf18193072939515e22adb298388d"
SECRET = "1b47061264138c4ac30d75fd1eb44270"


def sec(word):
    return {SIG: SECRET, "plaintext": json.dumps("s3cr3t-" + word)}


def cipher(word):
    return {SIG: SECRET, "ciphertext": "v1:s3cr3t-" + word}


DB = P + "aws:rds/instance:Instance$aws:rds/x:Y" + H + "::db" + H + "::with::colons"
BUCKET = P + "aws:s3/bucket:Bucket::b" + H
PROV = P + "pulumi:providers:aws::default" + H + "::prov-1"


def state(urn, typ, inputs, outputs=None, **kw):
    s = {"urn": urn, "custom": True, "type": typ, "id": "id" + H,
         "parent": STACK, "provider": PROV, "inputs": inputs,
         "outputs": outputs if outputs is not None else {}}
    s.update(kw)
    return s


preview = {
    "config": {"shop:apiKey": "[secret]", "shop:" + H: HV,
               "aws:secretKey": "s3cr3t-config-plain", "shop:password": "s3cr3t-config-pw"},
    "steps": [
        {"op": "update", "urn": DB, "provider": PROV,
         "oldState": state(DB, "aws:rds/x:Y" + H,
                           {"password": "[secret]", "name": HV, "sig": sec("old-sig"),
                            "nested": {"k": "[secret]", "l": [sec("old-list"), H]}},
                           {"token": "s3cr3t-aso-old", "out": sec("old-out")},
                           additionalSecretOutputs=["token"]),
         "newState": state(DB, "aws:rds/x:Y" + H,
                           {"password": "[secret]", "name": HV + "2", "sig": sec("new-sig"),
                            "nested": {"k": "[secret]", "l": [sec("new-list"), H]}},
                           {"token": "s3cr3t-aso-new"},
                           additionalSecretOutputs=["token"]),
         "diffReasons": ["name", H], "replaceReasons": [H],
         "detailedDiff": {"name": {"kind": "update", "inputDiff": True},
                          H: {"kind": "add-replace"},
                          "sig": {"kind": "update"}}},
        {"op": "create", "urn": BUCKET, "provider": PROV,
         "newState": state(BUCKET, "aws:s3/bucket:Bucket",
                           {"bucket": H, "policy": sec("create")},
                           dependencies=[DB], propertyDependencies={"policy" + H: [DB]})},
        {"op": "create", "urn": P + "pulumi:providers:aws::plain" + H,
         "newState": {"urn": P + "pulumi:providers:aws::plain" + H, "custom": True,
                      "type": "pulumi:providers:aws", "id": "p",
                      "inputs": {"region": H, "accessKey": "s3cr3t-provider-access-key",
                                 "secretKey": "s3cr3t-provider-secret-key",
                                 "token": "s3cr3t-provider-token"},
                      "outputs": {"token": "s3cr3t-provider-token-out"}}},
        {"op": "delete", "urn": P + "aws:iam/role:Role::r" + H,
         "oldState": state(P + "aws:iam/role:Role::r" + H, "aws:iam/role:Role",
                           {"secret": sec("deleted")})},
    ],
    "diagnostics": [{"urn": BUCKET, "prefix": H, "message": "diag " + H,
                     "severity": "warning"}],
    "changeSummary": {"update": 1, "create": 1, "delete": 1, "same" + H: 2},
}
write("pulumi-preview.json", pretty(preview))

E_URN = P + "aws:ec2/instance:Instance::vm" + H
events = [
    {"sequence": 1, "timestamp": 1, "preludeEvent": {
        "config": {"shop:key": "[secret]", "shop:" + H: HV}}},
    {"sequence": 2, "timestamp": 2, "resourcePreEvent": {"metadata": {
        "op": "update", "urn": E_URN, "type": "aws:ec2/instance:Instance",
        "old": {"type": "aws:ec2/instance:Instance", "urn": E_URN, "custom": True,
                "id": H, "parent": STACK, "provider": PROV,
                "inputs": {"userData": sec("user-data-old"), "n": HV,
                           "enc": cipher("cipher-old")},
                "outputs": {"privateKey": sec("private-key")}},
        "new": {"type": "aws:ec2/instance:Instance", "urn": E_URN, "custom": True,
                "id": H, "parent": STACK, "provider": PROV,
                "inputs": {"userData": sec("user-data-new"), "n": HV + "3",
                           "enc": cipher("cipher-new")},
                "outputs": {}},
        "diffs": ["n", "userData", H],
        "detailedDiff": {"n": {"kind": "update", "inputDiff": True},
                         "userData": {"kind": "update", "inputDiff": True}},
        "provider": PROV}, "planning": True}},
    {"sequence": 3, "timestamp": 3, "diagnosticEvent": {
        "urn": E_URN, "prefix": H, "message": H, "color": "never",
        "severity": "warning"}},
    {"sequence": 4, "timestamp": 4, "policyEvent": {
        "resourceUrn": E_URN, "message": H, "color": "never",
        "policyName": "p" + H, "policyPackName": "pack" + H,
        "policyPackVersion": "1", "policyPackVersionTag": "1",
        "enforcementLevel": "mandatory"}},
    {"sequence": 5, "timestamp": 5, "summaryEvent": {
        "maybeCorrupt": False, "durationSeconds": 1,
        "resourceChanges": {"update": 1}, "PolicyPacks": {}}},
    {"sequence": 6, "timestamp": 6, "cancelEvent": {}},
]
write("pulumi-events.jsonl",
      "Previewing update (prod" + H.replace("\n", " ") + "):\n\n" +
      "".join(json.dumps(e, ensure_ascii=True) + "\n" for e in events))

export = {
    "version": 3,
    "deployment": {
        "manifest": {"time": "2026-01-01T00:00:00Z", "magic": "m" + H, "version": "v3"},
        "secrets_providers": {"type": "passphrase",
                              "state": {"salt": "v1:s3cr3t-salt"}},
        "resources": [
            {"urn": STACK, "custom": False, "type": "pulumi:pulumi:Stack",
             "outputs": {"dbPassword": sec("stack-output"), "url": H}},
            {"urn": PROV, "custom": True, "id": "prov-1",
             "type": "pulumi:providers:aws",
             "inputs": {"secretKey": sec("provider-secret-key"), "region": H},
             "outputs": {"secretKey": sec("provider-secret-key-out")}},
            state(E_URN, "aws:ec2/instance:Instance",
                  {"userData": sec("export-user-data"), "n": HV},
                  {"privateKey": sec("export-private-key"),
                   "password": "s3cr3t-export-aso"},
                  additionalSecretOutputs=["password"]),
            state(P + "aws:s3/bucket:Bucket::same" + H, "aws:s3/bucket:Bucket",
                  {"bucket": H}, {"arn": "arn:" + H}, dependencies=[E_URN]),
        ],
    },
}
write("pulumi-export.json", pretty(export))

# ---- manifests ----


def b64(word):
    return base64.b64encode(("s3cr3t-" + word).encode()).decode()


Y = ('"\\e[31mRED\\e]0;pwned\\a\\u202eevil\\u2066\\x9bcsi\\x7fdel\\r\\n'
     '\\t\\u200b\\ufeff\\Lx"')
YV = Y[:-1] + '\\0nul"'
manifests = f"""# Secrets and hostile names, in every shape the loader reads.
apiVersion: v1
kind: Secret
metadata:
  name: {Y}
  namespace: {Y}
  labels:
    {Y}: {YV}
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: |
      {{"apiVersion":"v1","kind":"Secret","stringData":{{"p":"s3cr3t-last-applied"}}}}
    {Y}: {YV}
type: Opaque
data:
  password: {b64("data")}
  {Y}: {b64("data-hostile-key")}
stringData:
  dsn: postgres://admin:s3cr3t-string-data@db:5432/shop
  nested: |
    s3cr3t-multi-line
    second line
---
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Secret
  metadata: {{name: in-a-list, namespace: shop}}
  stringData: {{token: s3cr3t-in-list}}
- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: {Y}
    namespace: shop
  spec:
    selector: {{matchLabels: {{app: {Y}}}}}
    template:
      metadata: {{labels: {{app: {Y}}}}}
      spec:
        containers:
        - name: {Y}
          image: {YV}
          env:
          - name: {Y}
            valueFrom: {{secretKeyRef: {{name: in-a-list, key: token}}}}
---
{{"apiVersion": "v1", "kind": "Secret", "metadata": {{"name": "as-json", "namespace": "shop"}},
 "data": {{"k": "{b64("json-doc")}"}}}}
---
apiVersion: kubernetes.crossplane.io/v1alpha2
kind: Object
metadata:
  name: {Y}
spec:
  forProvider:
    manifest:
      apiVersion: v1
      kind: Secret
      metadata: {{name: embedded, namespace: shop}}
      stringData: {{token: s3cr3t-embedded}}
---
apiVersion: example.org/v1{Y[1:-1]}
kind: {Y}
metadata:
  name: {Y}
  namespace: shop
spec:
  {Y}: {YV}
"""
write("manifests.yaml", manifests)

# A Secret that changes between two commits (tests/cli/hostile.sh makes the
# git range with testdata/repos/make-pair.sh).
secret_before = f"""apiVersion: v1
kind: Secret
metadata:
  name: {Y}
  namespace: shop
data:
  password: {b64("range-before")}
stringData:
  same: s3cr3t-range-unchanged
"""
write("secret-before.yaml", secret_before)
write("secret-after.yaml", secret_before
      .replace(b64("range-before"), b64("range-after"))
      + f"  added: s3cr3t-range-added\n  {Y}: s3cr3t-range-hostile-key\n")

# Errors that quote input text: a hostile format_version, op and URN.
write("tf-bad-version.json", pretty({"format_version": "9" + H, "resource_changes": []}))
write("pulumi-bad-op.json", pretty({"steps": [{"op": "explode" + H, "urn": DB}]}))
write("pulumi-bad-urn.json", pretty({"steps": [{"op": "create", "urn": "urn:x" + H}]}))

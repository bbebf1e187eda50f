#!/usr/bin/env python3
# gen-fixtures.py - writes the Pulumi test inputs in this directory.
#
# The files are committed; this script documents how they were made and
# rewrites them identically:  python3 testdata/pulumi/gen-fixtures.py
# The shapes follow ../shared/research/pulumi-format.md (preview digest,
# engine events, saved plan, summary JSON, stack export).
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
P = 'urn:pulumi:prod::shop::'
STACK = P + 'pulumi:pulumi:Stack::shop-prod'
UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9'
PROV = P + 'pulumi:providers:aws::default_6_63_0::' + UNKNOWN
PROV_KNOWN = P + 'pulumi:providers:aws::default_6_63_0::prov-1'
SIG = '4dabf18193072939515e22adb298388d'
SECRET = '1b47061264138c4ac30d75fd1eb44270'
ASSET = 'c44067f5952c0a294b673a41bacd8c17'
ARCHIVE = '0def7320c3a5731c473e5ecbe6d01bc7'
RESOURCE = '5cf8f73096256a8f31e491e813e4eb8e'
OUTPUT = 'd0e6a833031e9bbcd3f4e8bde6ca49a4'


def write(name, text):
    with open(os.path.join(HERE, name), 'w', encoding='utf-8', newline='\n') as f:
        f.write(text)


def pretty(v):
    return json.dumps(v, indent=4, ensure_ascii=False) + '\n'


def st(urn, typ, inputs=None, outputs=None, custom=True, provider=PROV, **kw):
    d = {'urn': urn, 'custom': custom, 'type': typ}
    if inputs is not None:
        d['inputs'] = inputs
    if outputs is not None:
        d['outputs'] = outputs
    d['parent'] = kw.pop('parent', STACK)
    if custom:
        d['provider'] = provider
    d.update(kw)
    return d


def step(op, urn, old=None, new=None, provider=PROV, **kw):
    s = {'op': op, 'urn': urn, 'provider': provider}
    if old is not None:
        s['oldState'] = old
    if new is not None:
        s['newState'] = new
    s.update(kw)
    s.setdefault('detailedDiff', None)
    return s


def stack_state():
    return {'urn': STACK, 'custom': False, 'type': 'pulumi:pulumi:Stack'}


# ---- ops-digest.json: one resource per step op ----

def ops_digest():
    steps = [{'op': 'same', 'urn': STACK, 'oldState': stack_state(), 'newState': stack_state(),
              'detailedDiff': None}]
    u = P + 'aws:s3/bucket:Bucket::logs'
    steps.append(step('create', u, new=st(u, 'aws:s3/bucket:Bucket', {
        '__defaults': ['forceDestroy'], 'acl': 'private', 'bucket': 'logs-1234',
        'forceDestroy': False, 'tags': {'__defaults': [], 'team': 'web'}})))
    u = P + 'aws:s3/bucket:Bucket::assets'
    steps.append(step('update', u,
                      old=st(u, 'aws:s3/bucket:Bucket', {'acl': 'private', 'bucket': 'assets-77'},
                             {'acl': 'private', 'bucket': 'assets-77',
                              'arn': 'arn:aws:s3:::assets-77'}, id='assets-77'),
                      new=st(u, 'aws:s3/bucket:Bucket', {'acl': 'public-read', 'bucket': 'assets-77'},
                             id='assets-77'),
                      diffReasons=['acl'], detailedDiff={'acl': {'kind': 'update', 'inputDiff': True}}))
    u = P + 'aws:sqs/queue:Queue::old-jobs'
    steps.append(step('delete', u, old=st(u, 'aws:sqs/queue:Queue', {'name': 'old-jobs'},
                                          {'name': 'old-jobs', 'arn': 'arn:aws:sqs:eu-west-1:1:old-jobs'},
                                          id='https://sqs/old-jobs')))
    # a replacement, create first, with the replacement steps shown
    u = P + 'aws:ec2/instance:Instance::web'
    o = st(u, 'aws:ec2/instance:Instance', {'ami': 'ami-111', 'instanceType': 't3.micro'},
           {'ami': 'ami-111', 'instanceType': 't3.micro', 'publicIp': '203.0.113.7'}, id='i-0aa')
    n = st(u, 'aws:ec2/instance:Instance', {'ami': 'ami-222', 'instanceType': 't3.micro'})
    rr = dict(replaceReasons=['ami'], diffReasons=['ami'],
              detailedDiff={'ami': {'kind': 'update-replace', 'inputDiff': True}})
    steps.append(step('create-replacement', u, old=o, new=n, **rr))
    steps.append(step('replace', u, old=o, new=n, **rr))
    # a replacement, delete first (deleteBeforeReplace)
    u = P + 'aws:rds/instance:Instance::db'
    o = st(u, 'aws:rds/instance:Instance', {'engine': 'postgres', 'engineVersion': '15.4'}, id='db-1')
    n = st(u, 'aws:rds/instance:Instance', {'engine': 'postgres', 'engineVersion': '16.1'})
    rr = dict(replaceReasons=['engineVersion'], diffReasons=['engineVersion'],
              detailedDiff={'engineVersion': {'kind': 'update-replace', 'inputDiff': True}})
    steps.append(step('delete-replaced', u, old=o))
    steps.append(step('replace', u, old=o, new=n, **rr))
    steps.append(step('create-replacement', u, old=o, new=n, **rr))
    # only the logical replace step (a default preview)
    u = P + 'aws:iam/role:Role::deployer'
    steps.append(step('replace', u, old=st(u, 'aws:iam/role:Role', {'name': 'deployer-a'}, id='deployer-a'),
                      new=st(u, 'aws:iam/role:Role', {'name': 'deployer-b'}),
                      replaceReasons=['name'], diffReasons=['name']))
    u = P + 'aws:ec2/vpc:Vpc::default-vpc'
    steps.append(step('read', u, new=st(u, 'aws:ec2/vpc:Vpc', {}, {'cidrBlock': '172.31.0.0/16', 'id': 'vpc-1'},
                                        id='vpc-1', external=True)))
    u = P + 'aws:ec2/subnet:Subnet::shared'
    o = st(u, 'aws:ec2/subnet:Subnet', {}, {'cidrBlock': '172.31.0.0/20', 'id': 'subnet-1'}, id='subnet-1',
           external=True)
    n = st(u, 'aws:ec2/subnet:Subnet', {}, {'cidrBlock': '172.31.16.0/20', 'id': 'subnet-2'}, id='subnet-2',
           external=True)
    steps.append(step('read-replacement', u, old=o, new=n))
    steps.append(step('discard-replaced', u, old=o))
    u = P + 'aws:s3/bucket:Bucket::drifted'
    steps.append(step('refresh', u,
                      old=st(u, 'aws:s3/bucket:Bucket', {'bucket': 'drifted'},
                             {'bucket': 'drifted', 'versioning': {'enabled': True}}, id='drifted'),
                      new=st(u, 'aws:s3/bucket:Bucket', {'bucket': 'drifted'},
                             {'bucket': 'drifted', 'versioning': {'enabled': False}}, id='drifted')))
    u = P + 'aws:ec2/securityGroup:SecurityGroup::looked-up'
    steps.append(step('discard', u, old=st(u, 'aws:ec2/securityGroup:SecurityGroup', {}, {'name': 'looked-up'},
                                           id='sg-9', external=True)))
    u = P + 'aws:ecs/service:Service::api'
    o = st(u, 'aws:ecs/service:Service', {'desiredCount': 2, 'name': 'api'}, id='api', pendingReplacement=True)
    n = st(u, 'aws:ecs/service:Service', {'desiredCount': 2, 'name': 'api-v2'})
    steps.append(step('remove-pending-replace', u, old=o))
    steps.append(step('replace', u, old=o, new=n, replaceReasons=['name'], diffReasons=['name'],
                      detailedDiff={'name': {'kind': 'update-replace', 'inputDiff': True}}))
    steps.append(step('create-replacement', u, old=o, new=n, replaceReasons=['name']))
    u = P + 'aws:s3/bucket:Bucket::legacy'
    steps.append(step('import', u, new=st(u, 'aws:s3/bucket:Bucket', {'bucket': 'legacy-bucket'},
                                          id='legacy-bucket', importID='legacy-bucket')))
    u = P + 'aws:dynamodb/table:Table::sessions'
    o = st(u, 'aws:dynamodb/table:Table', {'name': 'sessions'}, id='sessions')
    n = st(u, 'aws:dynamodb/table:Table', {'name': 'sessions-2'}, importID='sessions-2')
    steps.append(step('import-replacement', u, old=o, new=n, replaceReasons=['name']))
    steps.append(step('replace', u, old=o, new=n, replaceReasons=['name'],
                      detailedDiff={'name': {'kind': 'update-replace', 'inputDiff': True}}))
    steps.append(step('delete-replaced', u, old=o))
    u = P + 'aws:kms/key:Key::main'
    k = st(u, 'aws:kms/key:Key', {'description': 'main'}, id='key-1')
    steps.append(step('diff', u, old=k, new=k))
    u = P + 'pulumi:providers:terraform-provider::tfp'
    steps.append({'op': 'extend-parameterize', 'urn': u,
                  'newState': {'urn': u, 'custom': True, 'type': 'pulumi:providers:terraform-provider',
                               'inputs': {'version': '0.8.1'}}, 'detailedDiff': None})
    u = P + 'aws:sns/topic:Topic::alerts'
    t = st(u, 'aws:sns/topic:Topic', {'name': 'alerts'}, id='alerts')
    steps.append(step('frobnicate', u, old=t, new=t))
    # the late delete of the create-first replacement
    u = P + 'aws:ec2/instance:Instance::web'
    steps.append(step('delete-replaced', u, old=st(u, 'aws:ec2/instance:Instance',
                                                   {'ami': 'ami-111', 'instanceType': 't3.micro'},
                                                   id='i-0aa', delete=True)))
    return {
        'config': {'aws:region': 'eu-west-1', 'shop:dbPassword': '[secret]'},
        'steps': steps,
        'diagnostics': [
            {'urn': P + 'aws:s3/bucket:Bucket::logs', 'prefix': 'warning: ',
             'message': 'warning: <{%fg 3%}>bucket names are global<{%reset%}>\n', 'severity': 'warning'},
            {'message': 'Installing plugin aws\n', 'severity': 'info'},
            {'urn': P + 'aws:s3/bucket:Bucket::logs', 'message': 'provider debug chatter', 'severity': 'debug'},
        ],
        'duration': 4648932611,
        'changeSummary': {'create': 1, 'update': 1, 'delete': 1, 'replace': 5, 'read': 2, 'same': 12},
    }


# ---- secrets-digest.json: "[secret]", unknowns, additionalSecretOutputs ----

def secrets_digest():
    steps = []
    u = P + 'aws:rds/instance:Instance::db2'
    old_in = {'password': '[secret]', 'username': 'admin',
              'settings': {'apiKey': '[secret]', 'level': 1},
              'tokens': ['[secret]', 'plain'], 'allocatedStorage': 20}
    new_in = {'password': '[secret]', 'username': 'admin',
              'settings': {'apiKey': '[secret]', 'level': 2},
              'tokens': ['[secret]', 'plain'], 'allocatedStorage': UNKNOWN}
    steps.append(step('update', u,
                      old=st(u, 'aws:rds/instance:Instance', old_in,
                             {'password': '[secret]', 'endpoint': 'db2.example:5432',
                              'masterUserSecret': 'output-plain-but-secret'},
                             id='db2', additionalSecretOutputs=['masterUserSecret']),
                      new=st(u, 'aws:rds/instance:Instance', new_in, id='db2'),
                      diffReasons=['settings', 'allocatedStorage', 'tokens'],
                      detailedDiff={'settings.level': {'kind': 'update', 'inputDiff': True},
                                    'allocatedStorage': {'kind': 'update', 'inputDiff': True},
                                    'tokens[0]': {'kind': 'update', 'inputDiff': True}}))
    u = P + 'aws:ec2/instance:Instance::worker'
    steps.append(step('create', u, new=st(u, 'aws:ec2/instance:Instance',
                                          {'ami': 'ami-333', 'subnets': ['subnet-1', UNKNOWN],
                                           'userData': '[secret]'}, id=UNKNOWN)))
    u = P + 'aws:secretsmanager/secretVersion:SecretVersion::api'
    steps.append(step('update', u,
                      old=st(u, 'aws:secretsmanager/secretVersion:SecretVersion',
                             {'secretId': 'api', 'secretString': '[secret]'}, id='api|v1'),
                      new=st(u, 'aws:secretsmanager/secretVersion:SecretVersion',
                             {'secretId': 'api', 'secretString': '[secret]'}, id='api|v1'),
                      diffReasons=['secretString']))
    u = P + 'aws:ssm/parameter:Parameter::flag'
    steps.append(step('update', u,
                      old=st(u, 'aws:ssm/parameter:Parameter', {'name': 'flag', 'value': '[secret]', 'tier': 'Standard'},
                             id='flag'),
                      new=st(u, 'aws:ssm/parameter:Parameter', {'name': 'flag', 'value': '[secret]', 'tier': 'Advanced'},
                             id='flag')))
    u = P + 'aws:ssm/parameter:Parameter::flag2'
    steps.append(step('update', u,
                      old=st(u, 'aws:ssm/parameter:Parameter', {'name': 'flag2', 'value': '[secret]', 'tier': 'Standard'},
                             id='flag2'),
                      new=st(u, 'aws:ssm/parameter:Parameter', {'name': 'flag2', 'value': '[secret]', 'tier': 'Advanced'},
                             id='flag2'),
                      diffReasons=['tier'], detailedDiff={'tier': {'kind': 'update', 'inputDiff': True}}))
    return {'config': {'shop:apiKey': '[secret]', 'shop:env': 'prod'}, 'steps': steps,
            'changeSummary': {'create': 1, 'update': 4}}


# ---- urns.json: $ type chains, names with "::", escapes ----

def urns_digest():
    site = P + 'my:web:Site::site'
    cdn = P + 'my:web:Site$my:web:Cdn::cdn'
    steps = []
    steps.append(step('create', site, new=st(site, 'my:web:Site', {}, custom=False)))
    u = P + 'my:web:Site$aws:s3/bucket:Bucket::site-bucket'
    steps.append(step('create', u, new=st(u, 'aws:s3/bucket:Bucket', {'bucket': 'site'}, parent=site)))
    steps.append(step('create', cdn, new=st(cdn, 'my:web:Cdn', {}, custom=False, parent=site)))
    u = P + 'my:web:Site$my:web:Cdn$aws:cloudfront/distribution:Distribution::cdn::edge'
    steps.append(step('create', u, new=st(u, 'aws:cloudfront/distribution:Distribution', {'enabled': True},
                                          parent=cdn)))
    u = P + 'aws:ssm/parameter:Parameter::price$tag::v2'
    steps.append(step('create', u, new=st(u, 'aws:ssm/parameter:Parameter', {'name': 'price'})))
    u = P + 'aws:s3/bucket:Bucket::b\u00fccket \x1b[31mred'
    steps.append(step('create', u, new=st(u, 'aws:s3/bucket:Bucket', {'bucket': 'b\u00fccket'})))
    return {'steps': steps, 'changeSummary': {'create': 6}}


# ---- events: JSON lines with noise, and the same events pretty-printed ----

def sm(urn, typ, inputs, outputs=None, custom=True, **kw):
    d = {'type': typ, 'urn': urn}
    if custom:
        d['custom'] = True
    d['id'] = kw.pop('id', '')
    d['parent'] = kw.pop('parent', STACK)
    d['inputs'] = inputs
    d['outputs'] = outputs if outputs is not None else {}
    d['provider'] = PROV_KNOWN if custom else ''
    d.update(kw)
    return d


def md(op, urn, typ, old, new, **kw):
    m = {'op': op, 'urn': urn, 'type': typ, 'old': old, 'new': new}
    m.update(kw)
    m.setdefault('detailedDiff', None)
    m['provider'] = PROV_KNOWN
    return m


def events():
    ev = []
    seq = [0]

    def add(kind, payload, t=1700000000):
        seq[0] += 1
        ev.append({'sequence': seq[0], 'timestamp': t + seq[0], kind: payload})

    blinded = {SIG: SECRET, 'ciphertext': '[secret]'}
    add('preludeEvent', {'config': {'aws:region': 'eu-west-1', 'shop:apiToken': '[secret]'}})
    stack_old = {'type': 'pulumi:pulumi:Stack', 'urn': STACK, 'id': '', 'parent': '', 'inputs': {},
                 'outputs': {'url': 'https://old.example', 'bucket': 'site'}, 'provider': ''}
    stack_new_pre = dict(stack_old, outputs={})
    add('resourcePreEvent', {'metadata': {'op': 'same', 'urn': STACK, 'type': 'pulumi:pulumi:Stack',
                                          'old': stack_old, 'new': stack_new_pre, 'logical': True,
                                          'provider': ''}, 'planning': True})
    # replacement, delete first
    u = P + 'aws:lb/loadBalancer:LoadBalancer::front'
    o = sm(u, 'aws:lb/loadBalancer:LoadBalancer', {'name': 'front-a', 'accessLogsToken': blinded},
           {'name': 'front-a', 'dnsName': 'front-a.elb'}, id='lb-1')
    n = sm(u, 'aws:lb/loadBalancer:LoadBalancer', {'name': 'front-b', 'accessLogsToken': blinded})
    rr = dict(keys=['name'], diffs=['name'],
              detailedDiff={'name': {'diffKind': 'update-replace', 'inputDiff': True}})
    for op, old, new in (('delete-replaced', dict(o, delete=True), None), ('replace', o, n),
                         ('create-replacement', o, n)):
        m = md(op, u, 'aws:lb/loadBalancer:LoadBalancer', old, new, **(rr if new else {}))
        if op == 'replace':
            m['logical'] = True
        add('resourcePreEvent', {'metadata': m, 'planning': True})
        add('resOutputsEvent', {'metadata': m, 'planning': True})
    # an aliased replacement, create first: the delete side has the old URN
    old_u = P + 'aws:ecs/taskDefinition:TaskDefinition::api-old'
    new_u = P + 'aws:ecs/taskDefinition:TaskDefinition::api-new'
    td_old = sm(old_u, 'aws:ecs/taskDefinition:TaskDefinition', {'family': 'api', 'cpu': '256'}, id='td-1')
    td_new = sm(new_u, 'aws:ecs/taskDefinition:TaskDefinition', {'family': 'api', 'cpu': '512'})
    rr = dict(keys=['cpu'], diffs=['cpu'],
              detailedDiff={'cpu': {'diffKind': 'update-replace', 'inputDiff': True}})
    m = md('create-replacement', new_u, 'aws:ecs/taskDefinition:TaskDefinition', td_old, td_new, **rr)
    add('resourcePreEvent', {'metadata': m, 'planning': True})
    td_replace = md('replace', new_u, 'aws:ecs/taskDefinition:TaskDefinition', td_old, td_new,
                    logical=True, **rr)
    add('resourcePreEvent', {'metadata': td_replace, 'planning': True})
    # an update with a resource reference, an asset and an output value
    u = P + 'aws:s3/bucket:Bucket::site'
    ref = {SIG: RESOURCE, 'urn': P + 'aws:kms/key:Key::main', 'id': 'key-1', 'packageVersion': '6.0.0'}
    asset = {SIG: ASSET, 'hash': 'aaa111', 'text': '<html>old</html>'}
    asset2 = {SIG: ASSET, 'hash': 'bbb222', 'text': '<html>new</html>'}
    o = sm(u, 'aws:s3/bucket:Bucket', {'bucket': 'site', 'kmsKey': ref, 'index': asset,
                                        'website': {'indexDocument': 'index.htm'}}, id='site')
    n = sm(u, 'aws:s3/bucket:Bucket', {'bucket': 'site', 'kmsKey': ref, 'index': asset2,
                                        'website': {'indexDocument': 'index.html'},
                                        'logging': {SIG: OUTPUT, 'known': False}}, id='site')
    m = md('update', u, 'aws:s3/bucket:Bucket', o, n, diffs=['website', 'index', 'logging'])
    add('resourcePreEvent', {'metadata': m, 'planning': True})
    add('diagnosticEvent', {'urn': u, 'prefix': 'warning: ',
                            'message': '<{%fg 3%}>website hosting is deprecated<{%reset%}>\n',
                            'color': 'raw', 'severity': 'warning'})
    add('diagnosticEvent', {'message': 'refreshing...', 'color': 'raw', 'severity': 'info', 'ephemeral': True})
    add('policyEvent', {'resourceUrn': u, 'message': 'Buckets must not serve public websites',
                        'color': 'raw', 'policyName': 's3-no-public-website', 'policyPackName': 'aws-guard',
                        'policyPackVersion': '1.2.0', 'policyPackVersionTag': '1.2.0',
                        'enforcementLevel': 'mandatory'})
    add('stdoutEvent', {'message': 'Previewing update (prod)', 'color': 'raw'})
    add('resOutputsEvent', {'metadata': m, 'planning': True})
    add('resOutputsEvent', {'metadata': td_replace, 'planning': True})
    m = md('delete-replaced', old_u, 'aws:ecs/taskDefinition:TaskDefinition', dict(td_old, delete=True), None)
    add('resourcePreEvent', {'metadata': m, 'planning': True})
    # an update that says nothing about which properties differ
    u = P + 'aws:lambda/function:Function::worker'
    o = sm(u, 'aws:lambda/function:Function', {'name': 'worker', 'environment': {'variables': {'TOKEN': blinded}}},
           id='worker')
    n = sm(u, 'aws:lambda/function:Function', {'name': 'worker', 'memorySize': 256,
                                                'environment': {'variables': {'TOKEN': blinded}}}, id='worker')
    m = md('update', u, 'aws:lambda/function:Function', o, n)
    add('resourcePreEvent', {'metadata': m, 'planning': True})
    add('resOutputsEvent', {'metadata': m, 'planning': True})
    stack_new = dict(stack_old, outputs={'url': UNKNOWN, 'bucket': 'site'})
    add('resOutputsEvent', {'metadata': {'op': 'same', 'urn': STACK, 'type': 'pulumi:pulumi:Stack',
                                         'old': stack_old, 'new': stack_new, 'logical': True,
                                         'provider': ''}, 'planning': True})
    add('summaryEvent', {'maybeCorrupt': False, 'durationSeconds': 3,
                         'resourceChanges': {'replace': 2, 'update': 2, 'same': 3},
                         'PolicyPacks': {'aws-guard': 'v1.2.0'}, 'isPreview': True, 'result': 'succeeded'})
    add('cancelEvent', {})
    return ev


def events_jsonl(ev):
    lines = ['Previewing update (prod):', '']
    for i, e in enumerate(ev):
        lines.append(json.dumps(e, separators=(',', ':'), ensure_ascii=False))
        if i == 6:
            lines.append('warning: A new version of Pulumi is available.')
    lines.append('Done.')
    return '\n'.join(lines) + '\n'


def events_pretty(ev):
    # pretty-printed objects glued together, as pulumi's json-yaml testdata
    return ''.join(json.dumps(e, indent=4, ensure_ascii=False) + '\n' for e in ev)


# ---- default-digest.json + export.json (--state) ----

def default_digest():
    u = P + 'aws:s3/bucket:Bucket::site'
    return {'steps': [step('update', u, provider=PROV_KNOWN,
                           old=st(u, 'aws:s3/bucket:Bucket', {'bucket': 'site', 'website': {'indexDocument': 'index.htm'}},
                                  id='site', provider=PROV_KNOWN),
                           new=st(u, 'aws:s3/bucket:Bucket', {'bucket': 'site', 'website': {'indexDocument': 'index.html'}},
                                  id='site', provider=PROV_KNOWN),
                           diffReasons=['website'],
                           detailedDiff={'website.indexDocument': {'kind': 'update', 'inputDiff': True}})],
            'duration': 1000000000, 'changeSummary': {'same': 5, 'update': 1}}


def export():
    key = P + 'aws:kms/key:Key::main'
    site = P + 'aws:s3/bucket:Bucket::site'
    pol = P + 'aws:s3/bucketPolicy:BucketPolicy::site-policy'
    db = P + 'aws:rds/instance:Instance::db'
    prov = P + 'pulumi:providers:aws::default_6_63_0'

    def r(urn, typ, inputs, **kw):
        d = {'urn': urn, 'custom': True, 'id': kw.pop('id', urn.split('::')[-1]), 'type': typ,
             'inputs': inputs, 'outputs': dict(inputs), 'parent': STACK, 'provider': PROV_KNOWN}
        d.update(kw)
        return d
    res = [
        {'urn': STACK, 'custom': False, 'type': 'pulumi:pulumi:Stack',
         'outputs': {'url': 'https://old.example'}},
        {'urn': prov, 'custom': True, 'id': 'prov-1', 'type': 'pulumi:providers:aws',
         'inputs': {'region': 'eu-west-1', 'version': '6.63.0'}, 'outputs': {'region': 'eu-west-1'}},
        r(key, 'aws:kms/key:Key', {'description': 'main'}, id='key-1'),
        r(site, 'aws:s3/bucket:Bucket', {'bucket': 'site', 'website': {'indexDocument': 'index.htm'}},
          dependencies=[key], propertyDependencies={'bucket': [], 'serverSideEncryption': [key]}),
        r(pol, 'aws:s3/bucketPolicy:BucketPolicy', {'bucket': 'site', 'policy': '{"Statement":[]}'},
          dependencies=[site], propertyDependencies={'bucket': [site]}),
        r(db, 'aws:rds/instance:Instance',
          {'engine': 'postgres',
           'password': {SIG: SECRET, 'plaintext': '"hunter2-plaintext"'},
           'masterPassword': {SIG: SECRET, 'ciphertext': 'v1:AAAAc2VjcmV0LWNpcGhlcnRleHQ='}},
          dependencies=[key]),
        dict(r(db, 'aws:rds/instance:Instance', {'engine': 'mysql'}), delete=True, id='db-old'),
    ]
    return {'version': 3, 'deployment': {
        'manifest': {'time': '2026-01-02T03:04:05Z', 'magic': 'x', 'version': 'v3.140.0'},
        'secrets_providers': {'type': 'passphrase', 'state': {'salt': 'v1:abc'}},
        'resources': res,
        'pending_operations': [{'resource': {'urn': P + 'aws:sns/topic:Topic::t', 'type': 'aws:sns/topic:Topic'},
                                'type': 'creating'}]}}


# ---- plan.json (--save-plan) ----

def saved_plan():
    key = P + 'aws:kms/key:Key::main'
    site = P + 'aws:s3/bucket:Bucket::site'
    db = P + 'aws:rds/instance:Instance::db'
    topic = P + 'aws:sns/topic:Topic::events'

    def goal(typ, name, diff, **kw):
        g = {'type': typ, 'name': name, 'custom': True, 'inputDiff': diff, 'outputDiff': {},
             'parent': STACK, 'protect': False, 'provider': PROV_KNOWN, 'customTimeouts': {}}
        g.update(kw)
        return g
    return {
        'manifest': {'time': '2026-01-02T03:04:05Z', 'magic': 'x', 'version': 'v3.140.0'},
        'config': {'aws:region': 'eu-west-1', 'shop:dbPassword': {'secure': 'v1:c2VjcmV0LWNpcGhlcg=='}},
        'resourcePlans': {
            STACK: {'goal': {'type': 'pulumi:pulumi:Stack', 'name': 'shop-prod', 'custom': False,
                             'inputDiff': {}, 'outputDiff': {}, 'protect': False, 'customTimeouts': {}},
                    'steps': ['same'], 'state': {}, 'seed': 'AA=='},
            site: {'goal': goal('aws:s3/bucket:Bucket', 'site',
                                {'updates': {'website': {'indexDocument': 'index.html'}}, 'deletes': ['acl']},
                                dependencies=[key]),
                   'steps': ['update'], 'state': {'bucket': 'site', 'arn': UNKNOWN}, 'seed': 'AA=='},
            topic: {'goal': goal('aws:sns/topic:Topic', 'events', {'adds': {'name': 'events'}}),
                    'steps': ['create'], 'state': {'name': 'events', 'arn': UNKNOWN}, 'seed': 'AA=='},
            db: {'goal': goal('aws:rds/instance:Instance', 'db', {'updates': {'engine': 'postgres16'}},
                              deleteBeforeReplace=True, dependencies=[key]),
                 'steps': ['delete-replaced', 'replace', 'create-replacement'], 'state': {}, 'seed': 'AA=='},
            key: {'steps': ['delete'], 'state': None},
        },
    }


def summary():
    return {'result': 'succeeded', 'duration': 1200000000,
            'summary': {'create': 1, 'update': 1, 'delete': 1, 'same': 3},
            'resources': [
                {'urn': P + 'aws:sns/topic:Topic::events', 'type': 'aws:sns/topic:Topic', 'name': 'events',
                 'op': 'create', 'parent': STACK},
                {'urn': P + 'my:web:Site$aws:s3/bucket:Bucket::site', 'type': 'aws:s3/bucket:Bucket',
                 'name': 'site', 'op': 'update', 'parent': P + 'my:web:Site::web'},
                {'urn': P + 'aws:kms/key:Key::main', 'type': 'aws:kms/key:Key', 'name': 'main',
                 'op': 'delete', 'parent': STACK}]}


def main():
    write('ops-digest.json', pretty(ops_digest()))
    write('secrets-digest.json', pretty(secrets_digest()))
    write('urns.json', pretty(urns_digest()))
    ev = events()
    write('events.jsonl', events_jsonl(ev))
    write('events-pretty.json', events_pretty(ev))
    write('surrounding-text.json', 'Installing policy pack aws-guard 1.2.0...\n'
          'Finished installing policy pack\n\n' + pretty(default_digest()) +
          "Update plan written to 'plan.json'\n")
    write('default-digest.json', pretty(default_digest()))
    write('export.json', pretty(export()))
    write('plan.json', pretty(saved_plan()))
    other = json.loads(json.dumps(export()).replace('urn:pulumi:prod::', 'urn:pulumi:staging::'))
    write('export-staging.json', pretty(other))
    write('summary.json', json.dumps(summary(), separators=(',', ':')) + '\n')
    # ---- invalid inputs ----
    text = pretty(default_digest())
    write('invalid/truncated.json', text[:len(text) // 2])
    bad = default_digest()
    bad['steps'][0]['urn'] = 'arn:aws:s3:::site'
    write('invalid/bad-urn.json', pretty(bad))
    bad = default_digest()
    del bad['steps'][0]['op']
    write('invalid/no-op.json', pretty(bad))
    bad = default_digest()
    bad['steps'] = {'op': 'create'}
    write('invalid/steps-object.json', pretty(bad))
    bad = default_digest()
    bad['steps'][0]['detailedDiff'] = 'website'
    write('invalid/detailed-diff.json', pretty(bad))
    lines = events_jsonl(ev).split('\n')
    write('invalid/events-truncated.jsonl', '\n'.join(lines[:6]) + '\n' + lines[6][:40] + '\n')
    ex = export()
    ex['version'] = 9
    write('invalid/export-version.json', pretty(ex))
    deep = '{"steps":[{"op":"create","urn":"' + P + 'aws:s3/bucket:Bucket::deep","newState":{"inputs":' + \
        '[' * 1200 + ']' * 1200 + '}}]}\n'
    write('invalid/deep.json', deep)
    with open(os.path.join(HERE, 'invalid/bad-utf8.json'), 'wb') as f:
        f.write(b'{"steps":[{"op":"create","urn":"' + P.encode() +
                b'aws:s3/bucket:Bucket::x","newState":{"inputs":{"bucket":"\xff\xfe"}}}]}\n')


if __name__ == '__main__':
    main()

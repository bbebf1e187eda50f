#!/usr/bin/env python3
"""check_sarif.py SCHEMA FILE... - validate JSON files against a JSON Schema.

A small draft-04 validator (the SARIF 2.1.0 schema is draft-04) using only
the Python standard library: type, enum, const-like enums, required,
properties, additionalProperties, items, minItems, uniqueItems, minimum,
maximum, pattern, format (uri, uri-reference, date-time), $ref to
#/definitions, anyOf, oneOf, allOf, not; then the SARIF rules the schema
cannot say (a kind other than "fail" has level "none"; ruleIndex agrees
with ruleId).  Prints one line per violation
with its JSON pointer; exits 1 if there is any.
"""
import json
import re
import sys

TYPES = {
    'object': lambda v: isinstance(v, dict),
    'array': lambda v: isinstance(v, list),
    'string': lambda v: isinstance(v, str),
    'boolean': lambda v: isinstance(v, bool),
    'null': lambda v: v is None,
    'integer': lambda v: isinstance(v, int) and not isinstance(v, bool),
    'number': lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
}
URI = re.compile(r'^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$')
URI_REF = re.compile(r'^[^\s]*$')
DATE_TIME = re.compile(r'^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$')


def canon(v):
    return json.dumps(v, sort_keys=True)


class Validator:
    def __init__(self, schema):
        self.root = schema
        self.errors = []

    def resolve(self, ref):
        if not ref.startswith('#/'):
            raise ValueError('only local $ref is supported: ' + ref)
        node = self.root
        for part in ref[2:].split('/'):
            node = node[part]
        return node

    def fail(self, path, msg):
        self.errors.append('%s: %s' % (path or '/', msg))

    def ok(self, schema, value, path):
        """True if value matches (used by anyOf/oneOf/not, no errors kept)."""
        saved = self.errors
        self.errors = []
        self.check(schema, value, path)
        good = not self.errors
        self.errors = saved
        return good

    def check(self, schema, value, path=''):
        if '$ref' in schema:
            self.check(self.resolve(schema['$ref']), value, path)
            return
        t = schema.get('type')
        if t is not None:
            types = t if isinstance(t, list) else [t]
            if not any(TYPES[x](value) for x in types):
                self.fail(path, 'expected %s, got %s' % ('/'.join(types), type(value).__name__))
                return
        if 'enum' in schema and canon(value) not in [canon(e) for e in schema['enum']]:
            self.fail(path, '%r is not one of %r' % (value, schema['enum']))
        if isinstance(value, dict):
            for key in schema.get('required', []):
                if key not in value:
                    self.fail(path, 'missing required property %r' % key)
            props = schema.get('properties', {})
            extra = schema.get('additionalProperties', True)
            for key, sub in value.items():
                p = path + '/' + key.replace('~', '~0').replace('/', '~1')
                if key in props:
                    self.check(props[key], sub, p)
                elif extra is False:
                    self.fail(path, 'property %r is not allowed' % key)
                elif isinstance(extra, dict):
                    self.check(extra, sub, p)
        if isinstance(value, list):
            if len(value) < schema.get('minItems', 0):
                self.fail(path, 'fewer than %d items' % schema['minItems'])
            if schema.get('uniqueItems') and len({canon(v) for v in value}) != len(value):
                self.fail(path, 'items are not unique')
            if 'items' in schema:
                for i, item in enumerate(value):
                    self.check(schema['items'], item, '%s/%d' % (path, i))
        if TYPES['number'](value):
            if 'minimum' in schema and value < schema['minimum']:
                self.fail(path, '%r is below the minimum %r' % (value, schema['minimum']))
            if 'maximum' in schema and value > schema['maximum']:
                self.fail(path, '%r is above the maximum %r' % (value, schema['maximum']))
        if isinstance(value, str):
            if 'pattern' in schema and not re.search(schema['pattern'], value):
                self.fail(path, '%r does not match %r' % (value, schema['pattern']))
            fmt = schema.get('format')
            if fmt == 'uri' and not URI.match(value):
                self.fail(path, '%r is not an absolute URI' % value)
            elif fmt == 'uri-reference' and not URI_REF.match(value):
                self.fail(path, '%r is not a URI reference' % value)
            elif fmt == 'date-time' and not DATE_TIME.match(value):
                self.fail(path, '%r is not an RFC 3339 date-time' % value)
        for sub in schema.get('allOf', []):
            self.check(sub, value, path)
        if 'anyOf' in schema and not any(self.ok(s, value, path) for s in schema['anyOf']):
            self.fail(path, 'matches none of anyOf')
        if 'oneOf' in schema:
            n = sum(1 for s in schema['oneOf'] if self.ok(s, value, path))
            if n != 1:
                self.fail(path, 'matches %d of oneOf (want exactly 1)' % n)
        if 'not' in schema and self.ok(schema['not'], value, path):
            self.fail(path, 'matches a schema it must not')


def sarif_rules(doc):
    """What SARIF 2.1.0 requires that its JSON schema cannot say."""
    errors = []
    for ri, run in enumerate(doc.get('runs', [])):
        rules = run.get('tool', {}).get('driver', {}).get('rules', [])
        for i, res in enumerate(run.get('results', [])):
            at = '/runs/%d/results/%d' % (ri, i)
            # §3.27.9: a kind other than "fail" has level "none"
            if res.get('kind', 'fail') != 'fail' and res.get('level', 'none') != 'none':
                errors.append('%s: kind %r with level %r (must be "none")'
                              % (at, res['kind'], res['level']))
            # §3.27.6: ruleIndex points at the rule ruleId names
            if 'ruleIndex' in res:
                idx = res['ruleIndex']
                if idx >= len(rules) or rules[idx].get('id') != res.get('ruleId'):
                    errors.append('%s: ruleIndex %d is not rule %r' % (at, idx, res.get('ruleId')))
    return errors


def main(argv):
    if len(argv) < 3:
        print('usage: check_sarif.py SCHEMA FILE...', file=sys.stderr)
        return 2
    with open(argv[1], encoding='utf-8') as f:
        schema = json.load(f)
    bad = 0
    for name in argv[2:]:
        with open(name, encoding='utf-8') as f:
            doc = json.load(f)
        v = Validator(schema)
        v.check(schema, doc)
        errors = v.errors + sarif_rules(doc)
        for e in errors:
            print('%s: %s' % (name, e))
        bad += len(errors)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))

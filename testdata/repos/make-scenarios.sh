#!/bin/sh
# make-scenarios.sh DEST - builds a git repository of Kubernetes and
# Crossplane manifests in DEST (which must not exist), one tagged commit
# per review scenario, so that `--range TAG~1..TAG` shows exactly that
# scenario.  Deterministic: fixed author, committer and dates, so the
# commit ids are the same on every machine.
#
#   base        the starting point (tag base)
#   create      apps/cache.yaml: Deployment + Service cache
#   delete      apps/config.yaml removed: ConfigMap app-config
#   update      web: image, one env var, one port added (containers by name)
#   rename      Service cache renamed cache-svc, same content
#   apiversion  legacy/: apps/v1beta2 -> apps/v1, extensions Ingress -> networking.k8s.io
#   reorder     web.yaml documents reordered, cache.yaml moved: no change
#   secret      Secret db-credentials: password changed
#   skip        kustomization, patch, Helm chart and README changed: nothing to review
#   composition Composition: a patch fixed and a resource added
#   main-only / feature   two branches from composition: main...feature
set -eu
dest=$1
[ ! -e "$dest" ] || { echo "make-scenarios: $dest exists" >&2; exit 2; }
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.com
export GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.com
export GIT_AUTHOR_DATE="${GIT_AUTHOR_DATE:-2026-01-01T00:00:00Z}"
export GIT_COMMITTER_DATE="${GIT_COMMITTER_DATE:-2026-01-01T00:00:00Z}"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null TZ=UTC
mkdir -p "$dest"
cd "$dest"
git init -q -b main .
commit() { git add -A && git commit -q --no-gpg-sign -m "$1" && git tag "$1"; }
# the branch names the feature commit: no tag of the same name
commit_untagged() { git add -A && git commit -q --no-gpg-sign -m "$1"; }

mkdir -p apps legacy crossplane charts/web/templates
cat > apps/web.yaml <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: {app: web}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: app
        image: registry.example.com/web:1.0
        env:
        - name: LOG_LEVEL
          value: info
        - name: DB_HOST
          value: db.shop.svc
        ports:
        - name: http
          containerPort: 8080
      - name: proxy
        image: registry.example.com/proxy:2.1
        ports:
        - name: admin
          containerPort: 9901
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector: {app: web}
  ports:
  - name: http
    port: 80
    targetPort: http
EOF
cat > apps/config.yaml <<'EOF'
apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
  namespace: shop
data:
  feature_flags: "search,checkout"
EOF
cat > apps/secret.yaml <<'EOF'
apiVersion: v1
kind: Secret
metadata:
  name: db-credentials
  namespace: shop
type: Opaque
data:
  username: YWRtaW4=
  password: aHVudGVyMg==
EOF
cat > apps/kustomization.yaml <<'EOF'
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources: [web.yaml, config.yaml, secret.yaml]
patches:
- path: replicas-patch.yaml
EOF
cat > apps/replicas-patch.yaml <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 3
EOF
cat > legacy/worker.yaml <<'EOF'
apiVersion: apps/v1beta2
kind: Deployment
metadata:
  name: worker
  namespace: jobs
spec:
  replicas: 1
---
apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: worker
  namespace: jobs
spec:
  rules:
  - host: worker.example.com
EOF
cat > crossplane/composition.yaml <<'EOF'
apiVersion: apiextensions.crossplane.io/v1
kind: Composition
metadata:
  name: xclusters-aws
  labels: {provider: aws}
spec:
  compositeTypeRef:
    apiVersion: platform.example.org/v1alpha1
    kind: XCluster
  resources:
  - name: vpc
    base:
      apiVersion: ec2.aws.upbound.io/v1beta1
      kind: VPC
      spec:
        forProvider: {region: us-west-2, cidrBlock: 10.0.0.0/16}
    patches:
    - fromFieldPath: spec.id
      toFieldPath: metadata.labels[networks.platform.example.org/network-id]
  - name: nodegroup
    base:
      apiVersion: eks.aws.upbound.io/v1beta1
      kind: NodeGroup
      spec:
        forProvider:
          region: us-west-2
          subnetIdSelector:
            matchControllerRef: true
    patches:
    - fromFieldPath: spec.id
      toFieldPath: spec.forProvider.subnetSelector.matchLabels[networks.platform.example.org/network-id]
EOF
cat > crossplane/bucket.yaml <<'EOF'
apiVersion: s3.aws.upbound.io/v1beta1
kind: Bucket
metadata:
  name: logs
spec:
  forProvider: {region: us-west-2}
  providerConfigRef: {name: default}
EOF
cat > charts/web/Chart.yaml <<'EOF'
apiVersion: v2
name: web
version: 0.1.0
EOF
cat > charts/web/templates/deployment.yaml <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "web.fullname" . }}
spec:
  replicas: {{ .Values.replicaCount }}
EOF
echo "# shop" > README.md
commit base

cat > apps/cache.yaml <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: cache
  namespace: shop
spec:
  replicas: 1
  template:
    spec:
      containers:
      - name: redis
        image: redis:7.2
---
apiVersion: v1
kind: Service
metadata:
  name: cache
  namespace: shop
spec:
  selector: {app: cache}
  ports:
  - {name: redis, port: 6379}
EOF
commit create

git rm -q apps/config.yaml
commit delete

sed -e 's|registry.example.com/web:1.0|registry.example.com/web:1.1|' \
    -e 's|value: info|value: debug|' \
    -e 's|containerPort: 8080|containerPort: 8080\n        - name: metrics\n          containerPort: 9090|' \
    apps/web.yaml > apps/web.yaml.new
mv apps/web.yaml.new apps/web.yaml
commit update

sed -e 's|  name: cache$|  name: cache-svc|' apps/cache.yaml > apps/cache.yaml.new
# only the Service is renamed: the Deployment keeps its name
awk 'BEGIN{doc=0} /^---/{doc++} {if (doc==0) sub(/name: cache-svc$/, "name: cache"); print}' \
    apps/cache.yaml.new > apps/cache.yaml
rm apps/cache.yaml.new
commit rename

sed -e 's|apps/v1beta2|apps/v1|' -e 's|extensions/v1beta1|networking.k8s.io/v1|' \
    legacy/worker.yaml > legacy/worker.yaml.new
mv legacy/worker.yaml.new legacy/worker.yaml
commit apiversion

# Service first, then the Deployment; cache.yaml moves to its own folder
awk 'BEGIN{RS="---\n"; ORS=""} {doc[NR]=$0} END{print doc[2] "---\n" doc[1]}' apps/web.yaml \
    > apps/web.yaml.new
mv apps/web.yaml.new apps/web.yaml
mkdir -p apps/cache
git mv apps/cache.yaml apps/cache/cache.yaml
commit reorder

sed -e 's|password: aHVudGVyMg==|password: Y29ycmVjdC1ob3JzZQ==|' apps/secret.yaml > apps/secret.yaml.new
mv apps/secret.yaml.new apps/secret.yaml
commit secret

sed -e 's|replicas: 3|replicas: 4|' apps/replicas-patch.yaml > apps/replicas-patch.yaml.new
mv apps/replicas-patch.yaml.new apps/replicas-patch.yaml
echo "- cache/cache.yaml" >> apps/kustomization.yaml
sed -e 's|version: 0.1.0|version: 0.2.0|' charts/web/Chart.yaml > charts/web/Chart.yaml.new
mv charts/web/Chart.yaml.new charts/web/Chart.yaml
echo "  revisionHistoryLimit: {{ .Values.history }}" >> charts/web/templates/deployment.yaml
echo "More words." >> README.md
commit skip

sed -e 's|spec.forProvider.subnetSelector.matchLabels|spec.forProvider.subnetIdSelector.matchLabels|' \
    crossplane/composition.yaml > crossplane/composition.yaml.new
mv crossplane/composition.yaml.new crossplane/composition.yaml
cat >> crossplane/composition.yaml <<'EOF'
  - name: cluster
    base:
      apiVersion: eks.aws.upbound.io/v1beta1
      kind: Cluster
      spec:
        forProvider: {region: us-west-2, version: "1.32"}
EOF
commit composition

git checkout -q -b feature
cat > apps/feature.yaml <<'EOF'
apiVersion: v1
kind: ConfigMap
metadata:
  name: feature-flags
  namespace: shop
data:
  new_checkout: "true"
EOF
commit_untagged feature
git checkout -q main
cat > apps/main-only.yaml <<'EOF'
apiVersion: v1
kind: ConfigMap
metadata:
  name: main-only
  namespace: shop
data:
  hotfix: "1"
EOF
commit main-only

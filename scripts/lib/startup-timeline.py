#!/usr/bin/env python3
"""Times one TaskOverflow from `kubectl apply` to its first served todo list, RUNS times.

Each run applies MANIFEST in a new namespace (Pod Security restricted), then deletes it and
applies it again onto the volume the deletion kept (the default), and for both records, on this
machine's clock, when each step is first seen: watches (through `kubectl proxy`) on the
TaskOverflow, the StatefulSet, Deployment, PVCs and pods; the pods' logs with the runtime's
timestamps (the kind node shares this machine's clock); and GET /api/v1/todos through the API
server's Service proxy every 50 ms, which reaches only ready endpoints, as the Service does.
Prints each run's timeline and, at the end, the median and range of every step over the runs.
A first run, not counted, lets a newly installed operator win its leader election.

Usage: startup-timeline.py CONTEXT MANIFEST RUNS
"""

import http.client
import json
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime

CONTEXT, MANIFEST, RUNS = sys.argv[1], sys.argv[2], int(sys.argv[3])
NAME = subprocess.run(
    ["kubectl", "--context", CONTEXT, "create", "--dry-run=client", "-f", MANIFEST, "-o", "jsonpath={.metadata.name}"],
    check=True, capture_output=True, text=True,
).stdout.strip()

# What the pods' logs say at the steps worth timing: (component, step, pattern); the first match
# counts, except where the step says "last".
LOG_STEPS = [
    ("database", "postgres: first log line", r"."),
    ("database", "postgres: initdb done", r"Success\. You can now start|syncing data to disk"),
    ("database", "postgres: accepts connections (last)", r"ready to accept connections"),
    ("app", "app: JVM's first log line", r"."),
    ("app", "app: database reachable", r"database reachable"),
    ("app", "app: schema migrated", r"Successfully applied|Schema .* is up to date"),
    ("app", "app: HTTP listening", r"Listening on|started in"),
]


def kubectl(*args, check=True, capture=True):
    return subprocess.run(
        ["kubectl", "--context", CONTEXT, *args],
        check=check,
        capture_output=capture,
        text=True,
    )


def start_proxy():
    proxy = subprocess.Popen(
        ["kubectl", "--context", CONTEXT, "proxy", "--port=0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    line = proxy.stdout.readline()
    match = re.search(r"127\.0\.0\.1:(\d+)", line)
    if not match:
        raise SystemExit(f"kubectl proxy did not start: {line!r}")
    return proxy, f"http://127.0.0.1:{match.group(1)}"


class Timeline:
    """The first time each step was seen, in seconds since the apply started."""

    def __init__(self):
        self.started = None
        self.steps = {}
        self.lock = threading.Lock()

    def saw(self, step, at=None):
        at = time.time() if at is None else at
        with self.lock:
            if self.started is not None and step not in self.steps:
                self.steps[step] = at - self.started


def watch(stream, timeline, on_object):
    """Calls on_object(event type, object, timeline) for each event of STREAM as it arrives."""
    try:
        for line in stream:
            event = json.loads(line)
            on_object(event["type"], event["object"], timeline)
    except (OSError, ValueError):
        pass  # the watch ended


def condition_true(obj, kind):
    return any(
        c.get("type") == kind and c.get("status") == "True"
        for c in obj.get("status", {}).get("conditions", []) or []
    )


def on_pod(_type, pod, timeline):
    component = pod["metadata"].get("labels", {}).get("app.kubernetes.io/component", "?")
    name = "postgres" if component == "database" else component
    timeline.saw(f"{name} pod: created")
    if condition_true(pod, "PodScheduled"):
        timeline.saw(f"{name} pod: scheduled")
    if condition_true(pod, "Initialized"):
        timeline.saw(f"{name} pod: init containers done")
    for status in pod.get("status", {}).get("containerStatuses", []) or []:
        if "running" in (status.get("state") or {}):
            timeline.saw(f"{name} pod: container running")
        if status.get("started"):
            timeline.saw(f"{name} pod: startup probe passed")
    if condition_true(pod, "Ready"):
        timeline.saw(f"{name} pod: ready")


def on_owned(kind):
    def seen(event_type, _obj, timeline):
        if event_type == "ADDED":
            timeline.saw(f"operator: {kind} created")

    return seen


def on_claim(event_type, claim, timeline):
    if event_type == "ADDED":
        timeline.saw("postgres volume: claim created")
    if "volume.kubernetes.io/selected-node" in claim["metadata"].get("annotations", {}):
        timeline.saw("postgres volume: node selected by the scheduler")
    if claim.get("status", {}).get("phase") == "Bound":
        timeline.saw("postgres volume: bound")


def on_volume(namespace):
    """kind's provisioner (local-path) makes each volume's directory with a helper pod."""

    def seen(event_type, volume, timeline):
        claim = volume.get("spec", {}).get("claimRef", {})
        if event_type == "ADDED" and claim.get("namespace") == namespace:
            timeline.saw("postgres volume: PersistentVolume created")

    return seen


def on_helper(claims):
    def seen(_type, pod, timeline):
        if not any(uid in pod["metadata"]["name"] for uid in claims()):
            return
        timeline.saw("volume helper pod: created")
        phase = pod.get("status", {}).get("phase")
        if phase in ("Running", "Succeeded"):
            timeline.saw("volume helper pod: running")
        if phase == "Succeeded":
            timeline.saw("volume helper pod: succeeded")

    return seen


def on_taskoverflow(_type, resource, timeline):
    if resource.get("status"):
        timeline.saw("operator: first status")
    if condition_true(resource, "DatabaseReady"):
        timeline.saw("TaskOverflow: DatabaseReady")
    if condition_true(resource, "Ready"):
        timeline.saw("TaskOverflow: Ready")


def read_logs(namespace, timeline):
    """Log lines carry the runtime's receive time (RFC 3339, nanoseconds)."""
    logs = {}
    for component, step, pattern in LOG_STEPS:
        if component not in logs:
            logs[component] = [
                line.split(" ", 1)
                for line in kubectl(
                    "-n", namespace, "logs", "-l", f"app.kubernetes.io/component={component}",
                    "--timestamps", "--tail=-1", check=False,
                ).stdout.splitlines()
                if " " in line
            ]
        matches = [stamp for stamp, text in logs[component] if re.search(pattern, text)]
        if matches:
            stamp = matches[-1] if "(last)" in step else matches[0]
            timeline.saw(step, parse_stamp(stamp))


def parse_stamp(stamp):
    # 2026-12-01T18:00:00.123456789Z: Python parses microseconds at most.
    whole, _, fraction = stamp.rstrip("Z").partition(".")
    seconds = datetime.fromisoformat(whole + "+00:00").timestamp()
    return seconds + float("0." + (fraction or "0"))


def timed_apply(base, namespace):
    """Applies MANIFEST and returns the steps seen until the todo list is served."""
    timeline = Timeline()
    claim_uids = []

    def track_claims(event_type, claim, timeline):
        if claim["metadata"]["uid"] not in claim_uids:
            claim_uids.append(claim["metadata"]["uid"])
        on_claim(event_type, claim, timeline)

    watches = [
        (f"/api/v1/namespaces/{namespace}/pods", on_pod),
        ("/api/v1/persistentvolumes", on_volume(namespace)),
        ("/api/v1/namespaces/local-path-storage/pods", on_helper(lambda: list(claim_uids))),
        (f"/api/v1/namespaces/{namespace}/persistentvolumeclaims", track_claims),
        (f"/apis/apps/v1/namespaces/{namespace}/statefulsets", on_owned("StatefulSet")),
        (f"/apis/apps/v1/namespaces/{namespace}/deployments", on_owned("Deployment")),
        (f"/apis/taskoverflow.io/v1alpha1/namespaces/{namespace}/taskoverflows", on_taskoverflow),
    ]
    for path, handler in watches:
        # Listed first, watched from there: only what changes after the apply is seen. The API
        # server ends the watch (a stream cannot be closed while a thread reads it).
        with urllib.request.urlopen(f"{base}{path}", timeout=30) as listing:
            version = json.load(listing)["metadata"]["resourceVersion"]
        stream = urllib.request.urlopen(
            f"{base}{path}?watch=1&resourceVersion={version}&timeoutSeconds=330", timeout=600
        )
        threading.Thread(target=watch, args=(stream, timeline, handler), daemon=True).start()

    timeline.started = time.time()
    kubectl("-n", namespace, "apply", "-f", MANIFEST)
    timeline.saw("kubectl apply returned")
    url = f"{base}/api/v1/namespaces/{namespace}/services/{NAME}:http/proxy/api/v1/todos"
    deadline = time.time() + 300
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    timeline.saw("first GET /api/v1/todos 200")
                    break
        except (urllib.error.URLError, http.client.HTTPException, OSError):
            pass
        time.sleep(0.05)
    else:
        raise SystemExit(f"{namespace}: no todo list served within 300 s")
    time.sleep(1)  # the last watch events
    read_logs(namespace, timeline)
    with timeline.lock:
        timeline.started = None  # what the watches see from now on does not count
        return dict(timeline.steps)


def one_run(base, run):
    """A first apply (new volume), then a second one onto the volume the first one kept."""
    namespace = f"startup-{run}-{int(time.time())}"
    kubectl("create", "namespace", namespace)
    try:
        kubectl("label", "namespace", namespace, "pod-security.kubernetes.io/enforce=restricted")
        first = timed_apply(base, namespace)
        kubectl("-n", namespace, "delete", "-f", MANIFEST, "--wait=true", "--timeout=2m")
        kubectl(
            "-n", namespace, "wait", "--for=delete", "pods", "--all", "--timeout=2m", check=False
        )
        time.sleep(5)  # let the node settle
        again = timed_apply(base, namespace)
    finally:
        # The namespace takes the kept volume with it.
        kubectl("delete", "namespace", namespace, "--wait=true", "--timeout=5m", check=False)
    return first, again


def print_run(run, steps):
    print(f"\nrun {run}")
    for step, at in sorted(steps.items(), key=lambda item: item[1]):
        print(f"  {at:7.2f} s  {step}")


def print_summary(title, runs):
    print(f"\nsummary, {title}: {len(runs)} runs, seconds after `kubectl apply` started")
    print(f"  {'median':>7}  {'min':>6}  {'max':>6}  step")
    names = {step for steps in runs for step in steps}
    rows = []
    for step in names:
        values = [steps[step] for steps in runs if step in steps]
        rows.append((statistics.median(values), min(values), max(values), len(values), step))
    for median, low, high, count, step in sorted(rows):
        seen = "" if count == len(runs) else f"  (seen in {count} runs)"
        print(f"  {median:7.2f}  {low:6.2f}  {high:6.2f}  {step}{seen}")


def main():
    proxy, base = start_proxy()
    try:
        # A run that does not count: a freshly installed operator may still wait for its
        # leader election, and the node's caches are cold.
        one_run(base, 0)
        firsts, agains = [], []
        for run in range(1, RUNS + 1):
            first, again = one_run(base, run)
            print_run(f"{run}, new volume", first)
            print_run(f"{run}, again onto the kept volume", again)
            firsts.append(first)
            agains.append(again)
            time.sleep(5)  # let the node settle after the namespace's deletion
        print_summary("a new TaskOverflow (new volume)", firsts)
        print_summary("the same TaskOverflow applied again after a delete (volume kept)", agains)
    finally:
        proxy.terminate()


main()

#!/usr/bin/python3
"""Strictly checks JSON scheduler calls and events against the official Mesos v1 protos.

Usage: mesos-proto-check.py [--cache-dir DIR] KIND:FILE ...

KIND is `call` (mesos.scheduler.Call) or `event` (mesos.scheduler.Event). FILE holds one JSON
document or a JSON array of documents. Each document must
  - parse with google.protobuf.json_format.Parse(..., ignore_unknown_fields=False),
  - be initialized (every required field set),
  - use proto field names only (Mesos silently ignores camelCase JSON names),
and a call must also pass the master's call validation that does not need state
(framework_id present, the body for its type present, ACKNOWLEDGE uuid of 16 bytes, ...).

Prints `OK <label>` or `FAIL <label>: <reason>` per document; exits 1 if any failed, 2 if the
checker itself cannot run (e.g. a missing package, with the command that installs it).

The protos are Debian's copies (golang-github-mesos-mesos-go-dev, with gogo.proto from
golang-github-gogo-protobuf-dev), compiled once with protoc into a descriptor set cached under
--cache-dir (default: $XDG_CACHE_HOME or ~/.cache, /kafka-scheduler/mesos-protos).
"""

import base64
import hashlib
import json
import os
import subprocess
import sys
import tempfile

PROTO_ROOT = "/usr/share/gocode/src"
MESOS_PROTO = "github.com/mesos/mesos-go/api/v1/lib/mesos.proto"
SCHEDULER_PROTO = "github.com/mesos/mesos-go/api/v1/lib/scheduler/scheduler.proto"
GOGO_PROTO = "github.com/gogo/protobuf/gogoproto/gogo.proto"
DESCRIPTOR_PROTO_DIR = "/usr/include"  # google/protobuf/descriptor.proto, from libprotobuf-dev
PACKAGES = "protobuf-compiler libprotobuf-dev python3-protobuf golang-github-mesos-mesos-go-dev golang-github-gogo-protobuf-dev"


def die(message):
    print(f"mesos-proto-check: {message}", file=sys.stderr)
    sys.exit(2)


def require_inputs():
    missing = [p for p in (os.path.join(PROTO_ROOT, MESOS_PROTO), os.path.join(PROTO_ROOT, SCHEDULER_PROTO),
                           os.path.join(PROTO_ROOT, GOGO_PROTO),
                           os.path.join(DESCRIPTOR_PROTO_DIR, "google/protobuf/descriptor.proto"))
               if not os.path.exists(p)]
    if missing or not shutil_which("protoc"):
        die("missing " + ", ".join(missing or ["protoc"]) + f"; install with: apt-get install -y {PACKAGES}")


def shutil_which(name):
    for directory in os.environ.get("PATH", "/usr/bin:/bin").split(os.pathsep):
        candidate = os.path.join(directory, name)
        if os.access(candidate, os.X_OK):
            return candidate
    return None


def descriptor_set(cache_dir):
    """Compiles the protos once; the cache key covers protoc's version and the proto texts."""
    digest = hashlib.sha256()
    digest.update(subprocess.run(["protoc", "--version"], capture_output=True, check=True).stdout)
    for proto in (MESOS_PROTO, SCHEDULER_PROTO, GOGO_PROTO):
        with open(os.path.join(PROTO_ROOT, proto), "rb") as handle:
            digest.update(handle.read())
    path = os.path.join(cache_dir, f"mesos-v1-{digest.hexdigest()[:16]}.pb")
    if os.path.exists(path):
        return path
    os.makedirs(cache_dir, exist_ok=True)
    # Compile beside the target and rename: concurrent runs never see a partial file.
    handle, temporary = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
    os.close(handle)
    result = subprocess.run(
        ["protoc", f"-I{PROTO_ROOT}", f"-I{DESCRIPTOR_PROTO_DIR}", "--include_imports",
         f"--descriptor_set_out={temporary}", SCHEDULER_PROTO],
        capture_output=True, text=True)
    if result.returncode != 0:
        os.unlink(temporary)
        die("protoc failed: " + result.stderr.strip())
    os.replace(temporary, path)
    return path


def load_messages(path):
    try:
        from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
    except ImportError:
        die(f"python3-protobuf is missing; install with: apt-get install -y {PACKAGES}")
    files = descriptor_pb2.FileDescriptorSet()
    with open(path, "rb") as handle:
        files.ParseFromString(handle.read())
    pool = descriptor_pool.DescriptorPool()
    for proto in files.file:
        pool.Add(proto)

    def message_class(name):
        descriptor = pool.FindMessageTypeByName(name)
        if hasattr(message_factory, "GetMessageClass"):
            return message_factory.GetMessageClass(descriptor)
        return message_factory.MessageFactory(pool).GetPrototype(descriptor)

    return {"call": message_class("mesos.scheduler.Call"), "event": message_class("mesos.scheduler.Event")}


def proto_name_errors(document, descriptor, path):
    """json_format accepts lowerCamelCase names too; Mesos ignores them. Report any."""
    errors = []
    if not isinstance(document, dict):
        return errors
    for key, value in document.items():
        field = descriptor.fields_by_name.get(key)
        if field is None:
            camel = [f.name for f in descriptor.fields if f.json_name == key]
            if camel:
                errors.append(f"{path}{key}: JSON name used, the proto field name is '{camel[0]}'")
            continue
        if field.message_type is None or value is None:
            continue
        items = value if field.label == field.LABEL_REPEATED and isinstance(value, list) else [value]
        for index, item in enumerate(items):
            suffix = f"[{index}]" if item is not value else ""
            errors.extend(proto_name_errors(item, field.message_type, f"{path}{key}{suffix}."))
    return errors


BODIES = {
    "SUBSCRIBE": "subscribe", "ACCEPT": "accept", "DECLINE": "decline",
    "ACCEPT_INVERSE_OFFERS": "accept_inverse_offers", "DECLINE_INVERSE_OFFERS": "decline_inverse_offers",
    "KILL": "kill", "SHUTDOWN": "shutdown", "ACKNOWLEDGE": "acknowledge", "RECONCILE": "reconcile",
    "MESSAGE": "message", "REQUEST": "request",
}


def call_validation_errors(document):
    """The stateless part of the master's `validation::scheduler::call::validate`."""
    kind = document.get("type")
    if kind is None:
        return ["Expecting 'type' to be present"]
    errors = []
    body = BODIES.get(kind)
    if body and body not in document:
        errors.append(f"Expecting '{body}' to be present")
    if kind == "SUBSCRIBE":
        info_id = document.get("subscribe", {}).get("framework_info", {}).get("id")
        if "framework_id" in document and document["framework_id"] != info_id:
            errors.append("'framework_id' differs from 'subscribe.framework_info.id'")
    elif "framework_id" not in document:
        errors.append("Expecting 'framework_id' to be present")
    if kind == "ACKNOWLEDGE" and "acknowledge" in document:
        uuid = base64.b64decode(document["acknowledge"].get("uuid", ""))
        if len(uuid) != 16:
            errors.append(f"'acknowledge.uuid' is {len(uuid)} bytes, not 16")
    return errors


def check(kind, document, classes):
    from google.protobuf import json_format

    message = classes[kind]()
    try:
        json_format.Parse(json.dumps(document), message, ignore_unknown_fields=False)
    except json_format.ParseError as error:
        return [str(error)]
    errors = []
    if not message.IsInitialized():
        errors.append("missing required fields: " + ", ".join(message.FindInitializationErrors()))
    errors.extend(proto_name_errors(document, message.DESCRIPTOR, ""))
    if kind == "call":
        errors.extend(call_validation_errors(document))
    return errors


def main(arguments):
    cache_dir = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"),
                             "kafka-scheduler", "mesos-protos")
    inputs = []
    index = 0
    while index < len(arguments):
        argument = arguments[index]
        if argument == "--cache-dir":
            index += 1
            if index == len(arguments):
                die("--cache-dir needs a directory")
            cache_dir = arguments[index]
        elif argument in ("-h", "--help"):
            print(__doc__)
            return 0
        else:
            kind, separator, path = argument.partition(":")
            if not separator or kind not in ("call", "event"):
                die(f"expected call:FILE or event:FILE, got '{argument}'")
            inputs.append((kind, path))
        index += 1
    if not inputs:
        die("nothing to check; usage: mesos-proto-check.py [--cache-dir DIR] call:FILE|event:FILE ...")

    require_inputs()
    classes = load_messages(descriptor_set(cache_dir))
    failed = False
    for kind, path in inputs:
        try:
            with open(path, "rb") as handle:
                loaded = json.load(handle)
        except (OSError, ValueError) as error:
            print(f"FAIL {path}: cannot read JSON: {error}")
            failed = True
            continue
        documents = loaded if isinstance(loaded, list) else [loaded]
        for position, document in enumerate(documents):
            label = path if not isinstance(loaded, list) else f"{path}[{position}]"
            errors = check(kind, document, classes)
            if errors:
                failed = True
                print(f"FAIL {label}: " + "; ".join(errors))
            else:
                print(f"OK {label}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

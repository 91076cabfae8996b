#!/usr/bin/env python3
"""Differential-testing oracle: judge Cinder "manage existing" requests with
the REAL Cinder 29.0.0 code (installed from PyPI into a separate venv).

Dev tool only; it does not run in CI.  See tests/fixtures/oracle/README.md.

Input (stdin), one JSON object per line:
  {"id": ..., "microversion": "3.16" | "latest" | "volume 3.8, x" | null,
   "kind": "volume" | "snapshot",
   "endpoint": "os-volume-manage" | "manageable_volumes" |
               "os-snapshot-manage" | "manageable_snapshots"   (optional),
   "body_text": "<raw request body>",
   "body_b64": "<base64 raw bytes>"  (optional; overrides body_text, used for
                                      bytes that are not valid UTF-8)}

Output (stdout), one line per case:
  {"id", "accepted", "http_status", "server_error", "normalized"}

How a request is judged: an HTTP request is built with webob and sent through
the real `cinder.api.middleware.fault.FaultWrapper` wrapping the real
`cinder.api.openstack.wsgi.Resource` around the real controller
(contrib or v3).  So header parsing (Request.set_api_version_request), body
transport (get_body / JSONDeserializer / jsonutils.loads), schema validation
(cinder.api.validation + _SchemaValidator), the 3.8 gate
(_ensure_min_version -> Resource.dispatch -> HTTPNotFound), get_cluster_host,
the controller normalisation, API.manage_existing (source-name check,
_get_service_by_host_cluster) and, for snapshots,
API.manage_existing_snapshot -> create_snapshot_in_db ->
utils.check_metadata_properties are all Cinder's own code.  The fault text is
read back from the JSON fault body that wsgi.Fault renders.

Only the outside world is faked (mock.patch):
  * policy: RequestContext.authorize always allows (admin, default policy);
  * volume types: every name/id exists, not encrypted, default type exists;
  * DB: no volume is "already managed" (objects.Volume.exists -> False);
  * services: objects.Service.get_by_id finds an enabled, up service for
    any host/cluster whose backend part contains no "\\n"; otherwise
    ServiceNotFound;
  * snapshot: the parent volume exists, is 'available', host 'h@b#p';
  * quotas always suffice; the taskflow engine / DB row creation / RPC casts
    and the response view builders are stubbed (they run after every check).

Microversion "2.0" stands for the removed v2 API.  Cinder 29 has no v2
routes any more, so it is judged as a request without a version header
(3.0): v2 validated with the base schema, required host, and is below the
3.8 gate - exactly like 3.0.

Output is written with json.dumps(ensure_ascii=True, allow_nan=True): lone
surrogates in "normalized" appear as \\udXXX escapes and NaN/Infinity as the
bare tokens NaN/Infinity/-Infinity (Python json dialect).
"""

import base64
import io
import json
import logging
import os
import sys
import warnings

warnings.simplefilter("ignore")

from unittest import mock  # noqa: E402

import webob  # noqa: E402

# stdout of noisy imports must not pollute our output
_real_stdout = sys.stdout
sys.stdout = io.StringIO()
try:
    from cinder import context as cinder_context  # noqa: E402
    from cinder import exception  # noqa: E402
    from cinder import objects  # noqa: E402
    objects.register_all()
    import cinder.volume  # noqa: E402
    from cinder.api import api_utils  # noqa: E402
    from cinder.api.contrib import snapshot_manage as contrib_sm  # noqa: E402
    from cinder.api.contrib import volume_manage as contrib_vm  # noqa: E402
    from cinder.api.middleware import fault  # noqa: E402
    from cinder.api.openstack import wsgi  # noqa: E402
    from cinder.api.v3 import snapshot_manage as v3_sm  # noqa: E402
    from cinder.api.v3 import volume_manage as v3_vm  # noqa: E402
    from cinder.volume import api as volume_api_mod  # noqa: E402
    from cinder import rpc as cinder_rpc  # noqa: E402
    from cinder.objects import base as objects_base  # noqa: E402
    from cinder.scheduler import rpcapi as scheduler_rpcapi_mod  # noqa: E402
    from oslo_messaging._drivers import common as om_common  # noqa: E402
    from cinder.volume import volume_types  # noqa: E402
finally:
    sys.stdout = _real_stdout

logging.disable(logging.CRITICAL)

PROJECT = "0123456789abcdef0123456789abcdef"
SNAP_PARENT_HOST = "h@b#p"


class _FakeService(object):
    def __init__(self, host, cluster_name):
        self.host = host
        self.cluster_name = cluster_name
        self.disabled = False
        self.is_up = True
        self.availability_zone = "nova"
        self.cluster = None


def _fake_service_get_by_id(ctx, service_id, host=None, binary=None,
                            cluster_name=None, **kw):
    name = host or cluster_name or ""
    if "\n" in name:
        raise exception.ServiceNotFound(service_id=service_id, host=host)
    return _FakeService(host or "svc@backend", cluster_name)


class _FakeVolume(dict):
    """Parent volume for snapshot manage (exists, available)."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name)

    def refresh(self):
        pass


class _FakeSnapshot(dict):
    """Stands in for objects.Snapshot (a plain dict so that the RPC
    serialisation step can serialise it)."""
    last_kwargs = None

    def __init__(self, *args, context=None, **kwargs):
        if args:  # a copy made by the RPC serialiser (_process_iterable)
            super().__init__(*args)
        else:
            super().__init__(id="5e0cde1b-5f6a-4e34-8f2e-9f3c5b1c6f00")
            _FakeSnapshot.last_kwargs = kwargs
        self.id = self.get("id")

    def create(self):
        pass

    def destroy(self):
        pass

    def obj_attr_is_set(self, name):
        return True


class _FakeCallContext(object):
    """Stands in for oslo.messaging's call context: applies the same
    serialisation a real cast does before the message leaves the API
    process (Cinder's RequestContextSerializer/CinderObjectSerializer per
    argument, then oslo.messaging's serialize_msg -> jsonutils.dumps)."""

    serializer = cinder_rpc.RequestContextSerializer(
        objects_base.CinderObjectSerializer())

    def cast(self, ctxt, method, **kwargs):
        msg = {"method": method, "args": {}}
        for name, arg in kwargs.items():
            msg["args"][name] = self.serializer.serialize_entity(ctxt, arg)
        self.serializer.serialize_context(ctxt)
        om_common.serialize_msg(msg)


class _FakeClient(object):
    def can_send_version(self, v):
        return True


RPC_SERIALIZATION = True   # --no-rpc turns the cast serialisation step off


def _bare_scheduler_rpcapi():
    if not RPC_SERIALIZATION:
        return mock.MagicMock()
    api = object.__new__(scheduler_rpcapi_mod.SchedulerAPI)
    api.client = _FakeClient()
    api._get_cctxt = lambda *a, **k: _FakeCallContext()
    return api


class _FakeEngine(object):
    """Replaces the taskflow engine of API.manage_existing.  run() performs
    the one step of the real flow that touches the request's `ref`
    synchronously: ManageCastTask -> SchedulerAPI.manage_existing (real
    code: jsonutils.to_primitive(request_spec) and the cast serialisation).
    """

    def __init__(self, manage_what, scheduler_rpcapi):
        self.manage_what = manage_what
        self.scheduler_rpcapi = scheduler_rpcapi
        self.storage = self

    def run(self):
        mw = self.manage_what
        request_spec = {
            "volume_properties": {"size": 0, "status": "managing"},
            "volume_type": mw.get("volume_type"),
            "ref": mw.get("ref"),
            "volume_id": "vol",
        }
        self.scheduler_rpcapi.manage_existing(
            mw["context"], {"id": "vol"}, request_spec=request_spec)

    def fetch(self, name):
        return {"id": "vol"}


class _NullCtx(object):
    def __init__(self, *a, **k):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *a):
        return False


def _bare_volume_api():
    api = object.__new__(volume_api_mod.API)
    api.scheduler_rpcapi = _bare_scheduler_rpcapi()
    api.volume_rpcapi = mock.MagicMock()
    api.image_service = mock.MagicMock()
    api.key_manager = mock.MagicMock()
    api.message = mock.MagicMock()
    api.availability_zones = []
    api.availability_zones_last_fetched = None
    import cinder.db
    api.db = cinder.db
    return api


class Oracle(object):
    """The faked server state plus Cinder's real controllers.

    `build_apps=False` only starts the fakes (used by http_oracle.py, which
    builds the controllers through Cinder's real paste pipeline and then
    calls `instrument` on the manage controllers it finds there)."""

    def __init__(self, build_apps=True):
        self.captured = {}
        self._start_fakes()
        if not build_apps:
            return
        with self.bare_volume_api():
            ctrls = {
                "os-volume-manage": contrib_vm.VolumeManageController(),
                "manageable_volumes": v3_vm.VolumeManageController(),
                "os-snapshot-manage": contrib_sm.SnapshotManageController(),
                "manageable_snapshots": v3_sm.SnapshotManageController(),
            }
        self.apps = {}
        for name, ctrl in ctrls.items():
            self._instrument(ctrl)
            self.apps[name] = fault.FaultWrapper(wsgi.Resource(ctrl))

    @staticmethod
    def bare_volume_api():
        """Controllers built inside this context get a volume API without
        RPC clients (see _bare_volume_api)."""
        return mock.patch.object(cinder.volume, "API", _bare_volume_api)

    def instrument(self, ctrl):
        self._instrument(ctrl)

    def _start_fakes(self):
        self._patches = [
            mock.patch.object(cinder_context.RequestContext, "authorize",
                              lambda *a, **k: True),
            mock.patch.object(volume_types, "get_by_name_or_id",
                              self._get_type),
            mock.patch.object(volume_types, "get_default_volume_type",
                              lambda ctx: {"id": "default-type-id",
                                           "name": "__DEFAULT__",
                                           "extra_specs": {}}),
            mock.patch.object(volume_api_mod.API, "_is_encrypted",
                              lambda self, vt: False),
            mock.patch.object(objects.Volume, "exists",
                              lambda *a, **k: False),
            mock.patch.object(objects.Service, "get_by_id",
                              _fake_service_get_by_id),
            mock.patch.object(volume_api_mod.manage_existing, "get_flow",
                              self._get_flow),
            mock.patch.object(volume_api_mod.flow_utils,
                              "DynamicLogListener", _NullCtx),
            mock.patch.object(api_utils, "add_visible_admin_metadata",
                              lambda v: None),
            mock.patch.object(volume_api_mod, "QUOTAS", mock.MagicMock()),
            mock.patch.object(volume_api_mod.objects, "Snapshot",
                              _FakeSnapshot),
        ]
        # Record (not change) what reaches FaultWrapper._error, for
        # ORACLE_DEBUG=1 diagnostics of 500s.
        real_error = fault.FaultWrapper._error
        oracle = self

        def _error(fw, inner, req):
            oracle.captured["fault_exc"] = inner
            return real_error(fw, inner, req)

        self._patches.append(mock.patch.object(fault.FaultWrapper, "_error",
                                               _error))
        for p in self._patches:
            p.start()

    # ---- fakes that record what the real code passed on ----
    def _get_type(self, ctx, name_or_id):
        return {"id": "type-id", "name": name_or_id, "extra_specs": {}}

    def _get_flow(self, scheduler_rpcapi, db, manage_what):
        self.captured["manage_what"] = manage_what
        return _FakeEngine(manage_what, _bare_scheduler_rpcapi())

    def _instrument(self, ctrl):
        oracle = self
        api = ctrl.volume_api
        real_manage = volume_api_mod.API.manage_existing
        real_snap = volume_api_mod.API.manage_existing_snapshot

        def manage_existing(context, host, cluster_name, ref, **kwargs):
            oracle.captured["volume_call"] = dict(
                host=host, cluster_name=cluster_name, ref=ref, **kwargs)
            return real_manage(api, context, host, cluster_name, ref,
                               **kwargs)

        def manage_existing_snapshot(context, ref, volume, **kwargs):
            oracle.captured["snapshot_call"] = dict(ref=ref, **kwargs)
            return real_snap(api, context, ref, volume, **kwargs)

        def get(context, volume_id, *a, **k):
            return _FakeVolume(
                id=volume_id, host=SNAP_PARENT_HOST, cluster_name=None,
                status="available", migration_status=None, size=1,
                volume_type_id="type-id", encryption_key_id=None)

        api.manage_existing = manage_existing
        api.manage_existing_snapshot = manage_existing_snapshot
        api.get = get
        vb = mock.MagicMock()
        vb.legacy_detail = lambda req, vol: {"volume": {"id": "vol"}}
        vb.detail = lambda req, snap: {"snapshot": {"id": "snap"}}
        ctrl._view_builder = vb

    # ---- one case ----
    def judge(self, case):
        self.captured = {}
        kind = case.get("kind") or "volume"
        endpoint = case.get("endpoint") or (
            "os-volume-manage" if kind == "volume" else "os-snapshot-manage")
        if "body_b64" in case and case["body_b64"] is not None:
            body = base64.b64decode(case["body_b64"])
        else:
            body = case["body_text"].encode("utf-8", "surrogatepass")
        mv = case.get("microversion")
        headers = {}
        if mv is not None and mv != "2.0":
            if any(c.isspace() for c in mv) or "," in mv:
                headers["OpenStack-API-Version"] = mv
            else:
                headers["OpenStack-API-Version"] = "volume " + mv
        req = wsgi.Request.blank("/v3/%s/%s" % (PROJECT, endpoint),
                                 method="POST", headers=headers)
        req.body = body
        req.content_type = "application/json"
        req.environ["wsgiorg.routing_args"] = (
            (), {"action": "create", "project_id": PROJECT})
        req.environ["cinder.context"] = cinder_context.RequestContext(
            user_id="admin", project_id=PROJECT, is_admin=True)
        resp = req.get_response(self.apps[endpoint])
        status = resp.status_int
        out = {"id": case.get("id"), "accepted": status == 202,
               "http_status": status, "server_error": None,
               "normalized": None}
        if status == 202:
            out["normalized"] = self._normalized(kind, case)
        else:
            fault_body = json.loads(resp.body)
            (inner,) = fault_body.values()
            out["server_error"] = inner["message"]
            if os.environ.get("ORACLE_DEBUG") and "fault_exc" in self.captured:
                import traceback
                e = self.captured["fault_exc"]
                out["debug_exception"] = "".join(
                    traceback.format_exception(e)[-6:])[-3000:]
        return out

    def _normalized(self, kind, case):
        if kind == "volume":
            c = self.captured["volume_call"]
            vt = c.get("volume_type")
            return {
                "name": c.get("name"),
                "description": c.get("description"),
                "bootable": c.get("bootable"),
                "metadata": c.get("metadata"),
                "availability_zone": c.get("availability_zone"),
                "volume_type": vt["name"] if vt else None,
                "host": c.get("host"),
                "cluster": c.get("cluster_name"),
                "ref": c.get("ref"),
            }
        c = self.captured["snapshot_call"]
        snap_kwargs = _FakeSnapshot.last_kwargs or {}
        return {
            "name": c.get("name"),
            "description": c.get("description"),
            "metadata": c.get("metadata"),
            "volume_id": snap_kwargs.get("volume_id"),
            "ref": c.get("ref"),
        }


def main():
    global RPC_SERIALIZATION
    if "--no-rpc" in sys.argv[1:]:
        RPC_SERIALIZATION = False
    oracle = Oracle()
    out = sys.stdout
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        case = json.loads(line)
        try:
            res = oracle.judge(case)
        except Exception as e:  # oracle bug, not a Cinder verdict
            res = {"id": case.get("id"), "oracle_error": repr(e)}
        out.write(json.dumps(res, ensure_ascii=True, allow_nan=True) + "\n")
    out.flush()


if __name__ == "__main__":
    main()

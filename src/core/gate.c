/*
 * The dockerd gate: why the checks of dockerd itself (HD_CHECK_DOCKERD)
 * have no subject on the audited host. One table of reasons, read from
 * facts, so that no check special-cases an engine or a host: the scanner
 * asks hd_dockerd_gate() once per check and reports notapplicable with
 * the reason, and the reporters show the same sentence at the top.
 */
#include <stdlib.h>
#include <string.h>

#include <hardock/facts.h>
#include <hardock/scan.h>

/* A reason: fills g and returns true when it holds for s. */
typedef bool (*gate_fn)(struct hd_gate *g, const struct hd_snapshot *s);

/* The audited engine is not dockerd (Podman's compatible API). */
static bool
gate_other_engine(struct hd_gate *g, const struct hd_snapshot *s)
{
	struct hd_fact conn;
	json_object *kind;

	hd_snapshot_fact(&conn, s, HD_F_ENGINE_CONN);
	if (conn.state != HD_FACT_VALUE ||
	    !json_object_object_get_ex(conn.value, "kind", &kind) ||
	    !json_object_is_type(kind, json_type_string) ||
	    strcmp(json_object_get_string(kind), "podman") != 0)
		return false;
	g->reason = hd_xstrdup("the audited engine is Podman, not dockerd");
	g->fact = HD_F_ENGINE_CONN;
	g->field = "kind";
	g->value = json_object_new_string("Podman");
	return true;
}

/* No Docker on the host at all: no engine, process, binary or unit. */
static bool
gate_no_docker(struct hd_gate *g, const struct hd_snapshot *s)
{
	struct hd_fact p;
	json_object *present, *why;

	hd_snapshot_fact(&p, s, HD_F_DOCKER_PRESENCE);
	if (p.state != HD_FACT_VALUE ||
	    !json_object_object_get_ex(p.value, "present", &present) ||
	    !json_object_is_type(present, json_type_boolean) ||
	    json_object_get_boolean(present))
		return false;
	json_object_object_get_ex(p.value, "why", &why);
	g->reason = hd_xstrdup("no Docker on this host");
	g->detail = hd_xstrdup(json_object_is_type(why, json_type_string) ?
	    json_object_get_string(why) : "nothing of Docker was found");
	g->fact = HD_F_DOCKER_PRESENCE;
	g->field = "present";
	g->value = json_object_new_boolean(0);
	return true;
}

/* Every reason, the first that holds wins. */
static const gate_fn gates[] = { gate_other_engine, gate_no_docker };

bool
hd_dockerd_gate(struct hd_gate *out, const struct hd_snapshot *s)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < sizeof(gates) / sizeof(gates[0]); i++)
		if (gates[i](out, s))
			return true;
	return false;
}

void
hd_gate_clear(struct hd_gate *g)
{
	if (g == NULL)
		return;
	free(g->reason);
	free(g->detail);
	json_object_put(g->value);
	memset(g, 0, sizeof(*g));
}

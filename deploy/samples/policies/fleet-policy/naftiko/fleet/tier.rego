# Fleet policy for Warden: which capabilities may call which upstreams.
package naftiko.fleet

import rego.v1

default allow := false

# A capability may call an upstream its tier grants.
allow if {
	some upstream in data.naftiko.fleet.tiers[input.tier].upstreams
	upstream == input.upstream
}

deny contains msg if {
	not allow
	msg := sprintf("tier %q may not call %q", [input.tier, input.upstream])
}

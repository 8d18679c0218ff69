# Every construct of Rego v1's grammar, as OPA 1.x parses it.
package naftiko.everything

import rego.v1
import data.naftiko.tiers as tiers
import input.request

default allow := false

default limit(_) := 0

allow if {
	some upstream in data.naftiko.fleet.tiers[input.tier].upstreams
	upstream == input.upstream
	not denied
}

allow if input.admin == true

deny contains msg if {
	not allow
	msg := sprintf("tier %q may not call %q", [input.tier, input.upstream])
}

denied if count(input.flags) > 3

limit(tier) := n if {
	n := tiers[tier].limit * 2 + 1
} else := 10 if {
	tier == "premium"
} else := -1

scores[name] := score if {
	some name, score in {"a": 1, "b": 2.5e3}
	score >= 1; score != 7
}

owners.team.harbour := "platform"

every_upstream_known if {
	every u in input.upstreams {
		u in {"erp", "crm"}
	}
}

comprehensions := {
	"array": [x | some x in numbers.range(1, 3); x % 2 == 1],
	"set": {x | some x in [1, 1, 2]},
	"object": {k: v | some k, v in {"a": 1}},
	"raw": `raw \string`,
	"union": {1, 2} | {3},
	"intersection": {1, 2} & {2},
	"empty": {},
	"nested": [{"k": [null, true, false, .5]}],
	"fields": input.if.contains.else,
}

mocked if {
	allow with input as {"tier": "dev", "upstream": "erp"} with data.naftiko.fleet as {}
}

paren := (1 + 2) * -3

x := y if {
	y := object.get(input, ["a", "b"], "fallback")
}

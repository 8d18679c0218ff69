import rego.v1

allow := true

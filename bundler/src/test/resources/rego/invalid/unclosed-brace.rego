package naftiko.broken

allow if {
	input.tier == "dev"

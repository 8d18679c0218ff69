package naftiko.old

allow {
	input.tier == "dev"
}

package naftiko.broken

allow if input.a === input.b

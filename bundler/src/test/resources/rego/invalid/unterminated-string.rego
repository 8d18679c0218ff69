package naftiko.broken

msg := "never closed

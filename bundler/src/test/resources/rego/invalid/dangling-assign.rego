package naftiko.broken

limit :=

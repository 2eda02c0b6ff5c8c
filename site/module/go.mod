module github.com/tehpug/backend/site/module

go 1.20

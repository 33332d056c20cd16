export A=1 DOCKER_CONTENT_TRUST="1"; declare -x DOCKER_CONTENT_TRUST=2
[Manager]
DefaultEnvironment=DOCKER_CONTENT_TRUST=1 "B=2"
[Service]
Environment="DOCKER_CONTENT_TRUST=0

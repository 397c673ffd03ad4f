# A dedicated VPC: public subnets hold only the load balancer (and the optional NAT gateway); the Lambdas, the
# dashboard tasks and the database sit in private subnets with no route from the internet. AWS APIs are reached
# through VPC endpoints, so by default nothing in the private subnets can talk to the internet at all.

data "aws_availability_zones" "available" {
  state = "available"
}

locals {
  azs = slice(data.aws_availability_zones.available.names, 0, var.az_count)
  # /20 subnets: public ones take the first four slots of the VPC range, private ones the next four.
  subnet_newbits = 20 - tonumber(split("/", var.cidr_block)[1])
}

resource "aws_vpc" "this" {
  cidr_block = var.cidr_block
  # Interface endpoints with private DNS need both, so the SDKs' default hostnames resolve to the endpoints.
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = merge(var.tags, { Name = var.name })
}

# The VPC's default security group allows all traffic between its members; nothing uses it, so strip its rules.
resource "aws_default_security_group" "this" {
  vpc_id = aws_vpc.this.id
  tags   = merge(var.tags, { Name = "${var.name}-default-unused" })
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id
  tags   = merge(var.tags, { Name = var.name })
}

resource "aws_subnet" "public" {
  count             = var.az_count
  vpc_id            = aws_vpc.this.id
  availability_zone = local.azs[count.index]
  cidr_block        = cidrsubnet(var.cidr_block, local.subnet_newbits, count.index)
  # The ALB gets public addresses through its own configuration; nothing launched here should get one by accident.
  map_public_ip_on_launch = false

  tags = merge(var.tags, { Name = "${var.name}-public-${local.azs[count.index]}", Tier = "public" })
}

resource "aws_subnet" "private" {
  count             = var.az_count
  vpc_id            = aws_vpc.this.id
  availability_zone = local.azs[count.index]
  cidr_block        = cidrsubnet(var.cidr_block, local.subnet_newbits, count.index + 4)

  tags = merge(var.tags, { Name = "${var.name}-private-${local.azs[count.index]}", Tier = "private" })
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.this.id
  tags   = merge(var.tags, { Name = "${var.name}-public" })
}

resource "aws_route" "public_internet" {
  route_table_id         = aws_route_table.public.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.this.id
}

resource "aws_route_table_association" "public" {
  count          = var.az_count
  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}

# One private route table: its only routes are the VPC itself, the S3 gateway endpoint and, when enabled, the NAT.
resource "aws_route_table" "private" {
  vpc_id = aws_vpc.this.id
  tags   = merge(var.tags, { Name = "${var.name}-private" })
}

resource "aws_route_table_association" "private" {
  count          = var.az_count
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private.id
}

# Optional NAT: a single gateway keeps the cost to one hourly fee; if its zone fails, only internet-bound alerts
# (Slack, Discord, webhooks) wait, and the outbox retries them.
resource "aws_eip" "nat" {
  count  = var.enable_nat_gateway ? 1 : 0
  domain = "vpc"
  tags   = merge(var.tags, { Name = "${var.name}-nat" })
}

resource "aws_nat_gateway" "this" {
  count         = var.enable_nat_gateway ? 1 : 0
  allocation_id = aws_eip.nat[0].id
  subnet_id     = aws_subnet.public[0].id
  tags          = merge(var.tags, { Name = var.name })

  depends_on = [aws_internet_gateway.this]
}

resource "aws_route" "private_nat" {
  count                  = var.enable_nat_gateway ? 1 : 0
  route_table_id         = aws_route_table.private.id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.this[0].id
}

# S3 through a gateway endpoint: free, and it also carries ECR's image layers.
resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.this.id
  service_name      = "com.amazonaws.${var.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.private.id]
  tags              = merge(var.tags, { Name = "${var.name}-s3" })
}

resource "aws_vpc_endpoint" "interface" {
  for_each            = toset(var.interface_endpoints)
  vpc_id              = aws_vpc.this.id
  service_name        = "com.amazonaws.${var.region}.${each.value}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = aws_subnet.private[*].id
  security_group_ids  = [aws_security_group.endpoints.id]
  private_dns_enabled = true
  tags                = merge(var.tags, { Name = "${var.name}-${each.value}" })
}

# ---------------------------------------------------------------------------------------------------------------
# Security groups. All of them live here, so one file shows every path into and out of the deployment:
#   internet -> ALB (443, 80) -> dashboard tasks (8080) -> database (5432) and endpoints (443)
#   API Gateway -> ingest Lambda (AWS-side, no security group); Lambdas -> database (5432), endpoints and S3 (443)
# Only the dashboard tasks may send to the internet (443, through the optional NAT: Slack, Discord, webhooks).
# No rule opens SSH: nothing here runs an SSH server, and Fargate tasks have no host to log in to.
# ---------------------------------------------------------------------------------------------------------------

resource "aws_security_group" "alb" {
  name        = "${var.name}-alb"
  description = "Flytrap dashboard load balancer"
  vpc_id      = aws_vpc.this.id
  tags        = merge(var.tags, { Name = "${var.name}-alb" })
}

resource "aws_vpc_security_group_ingress_rule" "alb_https" {
  for_each          = var.https_enabled ? toset(var.alb_ingress_cidrs) : toset([])
  security_group_id = aws_security_group.alb.id
  description       = "HTTPS from users"
  cidr_ipv4         = each.value
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
}

# Port 80 either redirects to HTTPS or, only when allow_http is set explicitly, serves the dashboard in plain HTTP.
resource "aws_vpc_security_group_ingress_rule" "alb_http" {
  for_each          = toset(var.alb_ingress_cidrs)
  security_group_id = aws_security_group.alb.id
  description       = "HTTP from users (redirected to HTTPS unless allow_http)"
  cidr_ipv4         = each.value
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
}

resource "aws_vpc_security_group_egress_rule" "alb_to_dashboard" {
  security_group_id            = aws_security_group.alb.id
  description                  = "To the dashboard tasks"
  referenced_security_group_id = aws_security_group.dashboard.id
  ip_protocol                  = "tcp"
  from_port                    = var.dashboard_port
  to_port                      = var.dashboard_port
}

resource "aws_security_group" "dashboard" {
  name        = "${var.name}-dashboard"
  description = "Flytrap dashboard tasks (ECS Fargate)"
  vpc_id      = aws_vpc.this.id
  tags        = merge(var.tags, { Name = "${var.name}-dashboard" })
}

resource "aws_vpc_security_group_ingress_rule" "dashboard_from_alb" {
  security_group_id            = aws_security_group.dashboard.id
  description                  = "Only the load balancer reaches the tasks"
  referenced_security_group_id = aws_security_group.alb.id
  ip_protocol                  = "tcp"
  from_port                    = var.dashboard_port
  to_port                      = var.dashboard_port
}

resource "aws_vpc_security_group_egress_rule" "dashboard_to_database" {
  security_group_id            = aws_security_group.dashboard.id
  description                  = "PostgreSQL"
  referenced_security_group_id = aws_security_group.database.id
  ip_protocol                  = "tcp"
  from_port                    = var.database_port
  to_port                      = var.database_port
}

# HTTPS to anywhere: the VPC endpoints and S3 by default; with the NAT also Slack, Discord and webhook targets.
# Without a NAT there is no route to the internet, so this rule reaches only the endpoints.
resource "aws_vpc_security_group_egress_rule" "dashboard_https" {
  security_group_id = aws_security_group.dashboard.id
  description       = "HTTPS: AWS endpoints, and alert targets when a NAT exists"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
}

resource "aws_security_group" "lambdas" {
  name        = "${var.name}-lambdas"
  description = "Flytrap ingest and process Lambdas (no inbound: API Gateway and SQS invoke them through the Lambda service)"
  vpc_id      = aws_vpc.this.id
  tags        = merge(var.tags, { Name = "${var.name}-lambdas" })
}

resource "aws_vpc_security_group_egress_rule" "lambdas_to_database" {
  security_group_id            = aws_security_group.lambdas.id
  description                  = "PostgreSQL"
  referenced_security_group_id = aws_security_group.database.id
  ip_protocol                  = "tcp"
  from_port                    = var.database_port
  to_port                      = var.database_port
}

# The Lambdas call only AWS services (SQS through its interface endpoint, S3 through the gateway endpoint) and the
# database. Their HTTPS egress names those destinations instead of 0.0.0.0/0: with the optional NAT (there for the
# dashboard's webhooks) a world rule would let a compromised function send data anywhere on the internet.
resource "aws_vpc_security_group_egress_rule" "lambdas_to_endpoints" {
  security_group_id            = aws_security_group.lambdas.id
  description                  = "HTTPS to the interface VPC endpoints (SQS)"
  referenced_security_group_id = aws_security_group.endpoints.id
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
}

# A gateway endpoint has no security group; S3's addresses in this region come as the endpoint's prefix list.
resource "aws_vpc_security_group_egress_rule" "lambdas_to_s3" {
  security_group_id = aws_security_group.lambdas.id
  description       = "HTTPS to S3 through the gateway endpoint (claim checks, source maps)"
  prefix_list_id    = aws_vpc_endpoint.s3.prefix_list_id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
}

resource "aws_security_group" "database" {
  name        = "${var.name}-database"
  description = "Flytrap PostgreSQL: reachable only from the Lambdas and the dashboard tasks"
  vpc_id      = aws_vpc.this.id
  tags        = merge(var.tags, { Name = "${var.name}-database" })
}

resource "aws_vpc_security_group_ingress_rule" "database_from_lambdas" {
  security_group_id            = aws_security_group.database.id
  description                  = "PostgreSQL from the Lambdas"
  referenced_security_group_id = aws_security_group.lambdas.id
  ip_protocol                  = "tcp"
  from_port                    = var.database_port
  to_port                      = var.database_port
}

resource "aws_vpc_security_group_ingress_rule" "database_from_dashboard" {
  security_group_id            = aws_security_group.database.id
  description                  = "PostgreSQL from the dashboard tasks"
  referenced_security_group_id = aws_security_group.dashboard.id
  ip_protocol                  = "tcp"
  from_port                    = var.database_port
  to_port                      = var.database_port
}

resource "aws_security_group" "endpoints" {
  name        = "${var.name}-endpoints"
  description = "Flytrap interface VPC endpoints: HTTPS from the Lambdas and the dashboard tasks"
  vpc_id      = aws_vpc.this.id
  tags        = merge(var.tags, { Name = "${var.name}-endpoints" })
}

resource "aws_vpc_security_group_ingress_rule" "endpoints_from_lambdas" {
  security_group_id            = aws_security_group.endpoints.id
  description                  = "HTTPS from the Lambdas"
  referenced_security_group_id = aws_security_group.lambdas.id
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
}

resource "aws_vpc_security_group_ingress_rule" "endpoints_from_dashboard" {
  security_group_id            = aws_security_group.endpoints.id
  description                  = "HTTPS from the dashboard tasks"
  referenced_security_group_id = aws_security_group.dashboard.id
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
}

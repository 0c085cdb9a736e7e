# The tutorial's Cognito configuration (user pool, app client, domain, UI customization) plus a group,
# a resource server and a confidential client, pointed at Cognate by the provider's endpoint.
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}

variable "endpoint" { type = string }
variable "access_key" { type = string }
variable "secret_key" {
  type      = string
  sensitive = true
}
variable "callback_url" {
  type    = string
  default = "http://localhost:3000/callback"
}
variable "user_pool_name" {
  type    = string
  default = "tutorial-pool"
}
variable "password_length" {
  type    = number
  default = 6
}
variable "client_refresh_days" {
  type    = number
  default = 30
}

provider "aws" {
  region                      = "us-east-1"
  access_key                  = var.access_key
  secret_key                  = var.secret_key
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = true
  skip_region_validation      = true
  max_retries                 = 1
  endpoints {
    cognitoidp = var.endpoint
  }
}

resource "aws_cognito_user_pool" "pool" {
  name = var.user_pool_name

  email_verification_subject = "Your verification code"
  email_verification_message = "Your verification code is {####}."

  schema {
    attribute_data_type = "String"
    name                = "email"
    required            = true
    mutable             = true

    string_attribute_constraints {
      min_length = 1
      max_length = 100
    }
  }

  username_attributes      = ["email"]
  auto_verified_attributes = ["email"]

  password_policy {
    minimum_length    = var.password_length
    require_lowercase = false
    require_numbers   = false
    require_symbols   = false
    require_uppercase = false
  }

  device_configuration {
    challenge_required_on_new_device      = true
    device_only_remembered_on_user_prompt = false
  }
}

resource "aws_cognito_resource_server" "api" {
  identifier   = "https://api.example.com"
  name         = "example-api"
  user_pool_id = aws_cognito_user_pool.pool.id

  scope {
    scope_name        = "read"
    scope_description = "Read things"
  }
  scope {
    scope_name        = "write"
    scope_description = "Write things"
  }
}

resource "aws_cognito_user_pool_client" "client" {
  name                                 = "${var.user_pool_name}-client"
  user_pool_id                         = aws_cognito_user_pool.pool.id
  callback_urls                        = [var.callback_url]
  default_redirect_uri                 = var.callback_url
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["code", "implicit"]
  allowed_oauth_scopes                 = ["email", "openid"]
  supported_identity_providers         = ["COGNITO"]
  refresh_token_validity               = var.client_refresh_days
}

resource "aws_cognito_user_pool_client" "backend" {
  name                                 = "backend"
  user_pool_id                         = aws_cognito_user_pool.pool.id
  generate_secret                      = true
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["client_credentials"]
  allowed_oauth_scopes                 = aws_cognito_resource_server.api.scope_identifiers
  explicit_auth_flows                  = ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_PASSWORD_AUTH"]
}

resource "aws_cognito_user_pool_domain" "main" {
  domain       = "tutorial-auth"
  user_pool_id = aws_cognito_user_pool.pool.id
}

resource "aws_cognito_user_pool_ui_customization" "ui" {
  css        = ".label-customizable {font-weight: 400;}"
  image_file = filebase64("logo.png")

  user_pool_id = aws_cognito_user_pool_domain.main.user_pool_id
}

resource "aws_cognito_user_group" "admins" {
  name         = "admins"
  user_pool_id = aws_cognito_user_pool.pool.id
  description  = "Administrators"
  precedence   = 1
}

output "user_pool_id" { value = aws_cognito_user_pool.pool.id }
output "user_pool_client_id" { value = aws_cognito_user_pool_client.client.id }
output "domain" { value = aws_cognito_user_pool_domain.main.domain }
output "backend_client_secret" {
  value     = aws_cognito_user_pool_client.backend.client_secret
  sensitive = true
}

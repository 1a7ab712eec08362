placeholder: no signature is ever made with a published key here

package dev.brisk.customers;

enum CustomerStatus { LEAD, ACTIVE, CHURNED }

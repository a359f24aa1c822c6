package dev.brisk.products;

enum ProductStatus { ACTIVE, ARCHIVED }

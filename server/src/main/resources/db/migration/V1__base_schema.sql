-- Brisk base schema: tables, keys, constraints. Secondary indexes and the dashboard views live in
-- their own migrations so that a "baseline" database can be built without them.

CREATE TABLE organizations (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    slug        text        NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    currency    char(3)     NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Per-org counters for human-facing numbers (order and invoice numbers); one row lock per org
-- serializes number allocation without a table-wide sequence.
CREATE TABLE org_counters (
    org_id  bigint NOT NULL REFERENCES organizations (id),
    name    text   NOT NULL CHECK (name IN ('order', 'invoice')),
    value   bigint NOT NULL DEFAULT 0 CHECK (value >= 0),
    PRIMARY KEY (org_id, name)
);

CREATE TABLE users (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id         bigint      NOT NULL REFERENCES organizations (id),
    email          text        NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
    name           text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    password_hash  text        NOT NULL,
    role           text        NOT NULL CHECK (role IN ('ADMIN', 'MEMBER')),
    status         text        NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'DISABLED')),
    last_login_at  timestamptz,
    created_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    deleted_at     timestamptz,
    CONSTRAINT users_email_key UNIQUE (email)
);

CREATE TABLE sessions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint      NOT NULL REFERENCES users (id),
    token_hash  bytea       NOT NULL CHECK (length(token_hash) = 32),
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz,
    CONSTRAINT sessions_token_hash_key UNIQUE (token_hash),
    CHECK (expires_at > created_at)
);

CREATE TABLE customers (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id      bigint      NOT NULL REFERENCES organizations (id),
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    email       text        CHECK (length(email) <= 254),
    phone       text        CHECK (length(phone) <= 40),
    company     text        CHECK (length(company) <= 200),
    status      text        NOT NULL DEFAULT 'LEAD' CHECK (status IN ('LEAD', 'ACTIVE', 'CHURNED')),
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    deleted_at  timestamptz,
    -- lets children reference (org_id, id) so a row can never point into another org
    CONSTRAINT customers_org_id_id_key UNIQUE (org_id, id)
);

CREATE TABLE products (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id      bigint      NOT NULL REFERENCES organizations (id),
    sku         text        NOT NULL CHECK (length(sku) BETWEEN 1 AND 64),
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    price       bigint      NOT NULL CHECK (price >= 0),
    status      text        NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'ARCHIVED')),
    stock       integer     NOT NULL DEFAULT 0 CHECK (stock >= 0),
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    deleted_at  timestamptz,
    CONSTRAINT products_org_id_id_key UNIQUE (org_id, id)
);
-- SKU is unique among an org's live products; a deleted product frees its SKU.
CREATE UNIQUE INDEX products_org_sku_live_key ON products (org_id, sku) WHERE deleted_at IS NULL;

CREATE TABLE orders (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id       bigint      NOT NULL REFERENCES organizations (id),
    customer_id  bigint      NOT NULL,
    number       bigint      NOT NULL CHECK (number > 0),
    status       text        NOT NULL DEFAULT 'DRAFT'
                             CHECK (status IN ('DRAFT', 'PLACED', 'PAID', 'SHIPPED', 'CANCELLED', 'REFUNDED')),
    total        bigint      NOT NULL DEFAULT 0 CHECK (total >= 0),
    placed_at    timestamptz,
    created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    deleted_at   timestamptz,
    CONSTRAINT orders_org_id_id_key UNIQUE (org_id, id),
    CONSTRAINT orders_org_number_key UNIQUE (org_id, number),
    CONSTRAINT orders_customer_fkey FOREIGN KEY (org_id, customer_id) REFERENCES customers (org_id, id),
    CHECK (status = 'DRAFT' OR status = 'CANCELLED' OR placed_at IS NOT NULL)
);

CREATE TABLE order_items (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id      bigint      NOT NULL REFERENCES organizations (id),
    order_id    bigint      NOT NULL,
    product_id  bigint      NOT NULL,
    quantity    integer     NOT NULL CHECK (quantity > 0),
    unit_price  bigint      NOT NULL CHECK (unit_price >= 0),
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    deleted_at  timestamptz,
    CONSTRAINT order_items_order_fkey FOREIGN KEY (org_id, order_id) REFERENCES orders (org_id, id),
    CONSTRAINT order_items_product_fkey FOREIGN KEY (org_id, product_id) REFERENCES products (org_id, id)
);

CREATE TABLE invoices (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id       bigint      NOT NULL REFERENCES organizations (id),
    order_id     bigint      NOT NULL,
    customer_id  bigint      NOT NULL,
    number       bigint      NOT NULL CHECK (number > 0),
    status       text        NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT', 'SENT', 'PAID', 'OVERDUE', 'VOID')),
    amount       bigint      NOT NULL CHECK (amount >= 0),
    issued_at    timestamptz,
    due_date     date        NOT NULL,
    paid_at      timestamptz,
    created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    deleted_at   timestamptz,
    CONSTRAINT invoices_org_number_key UNIQUE (org_id, number),
    CONSTRAINT invoices_order_fkey FOREIGN KEY (org_id, order_id) REFERENCES orders (org_id, id),
    CONSTRAINT invoices_customer_fkey FOREIGN KEY (org_id, customer_id) REFERENCES customers (org_id, id),
    CHECK (status <> 'PAID' OR paid_at IS NOT NULL)
);

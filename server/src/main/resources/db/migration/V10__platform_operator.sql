-- The platform operator (#11): runs Brisk itself (monitoring, cache actions) and is nobody's tenant.
-- Operators are users with role OPERATOR in the one platform organization; that organization holds
-- no business data and no ADMIN or MEMBER, and an OPERATOR cannot live in a tenant organization.
-- The trigger makes that a database rule, not only an API one (psql included).
ALTER TABLE organizations ADD COLUMN platform boolean NOT NULL DEFAULT false;
CREATE UNIQUE INDEX organizations_one_platform_key ON organizations (platform) WHERE platform;

ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('ADMIN', 'MEMBER', 'OPERATOR'));

CREATE FUNCTION users_operator_in_platform_org() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.role = 'OPERATOR') IS DISTINCT FROM (SELECT platform FROM organizations WHERE id = NEW.org_id) THEN
        RAISE EXCEPTION 'role OPERATOR belongs to the platform organization, and only it'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER users_operator_in_platform_org
    BEFORE INSERT OR UPDATE OF role, org_id ON users
    FOR EACH ROW EXECUTE FUNCTION users_operator_in_platform_org();

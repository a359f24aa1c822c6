package dev.brisk.datagen;

import static dev.brisk.datagen.DataSet.MICROS_PER_DAY;
import static dev.brisk.datagen.DataSet.NONE;

import java.util.Locale;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * The customer and product rows of a {@link DataSet}, one pure function per row, shared by the
 * COPY ({@link TableLoader}) and the in-memory view ({@link TenantData}). Times are epoch
 * microseconds, {@link DataSet#NONE} for null; ids are 1-based within the data set.
 */
final class Rows {

    private Rows() {}

    record Customer(
            int index,
            int org,
            String name,
            String email,
            @Nullable String phone,
            @Nullable String company,
            String status,
            long createdAt,
            long updatedAt,
            long deletedAt) {}

    record Product(
            int index,
            int org,
            String sku,
            String name,
            long price,
            String status,
            int stock,
            long createdAt,
            long updatedAt,
            long deletedAt) {}

    /**
     * Customer j; {@code ordered} tells whether any order is theirs (known from a counting pass).
     * CHURNED once churned, else ACTIVE when they ordered, else LEAD (flagged a lead or simply
     * never ordered); only customers who never ordered are ever deleted.
     */
    static Customer customer(DataSet data, int j, boolean ordered) {
        long end = data.endMicros - DataSet.MICROS_PER_SECOND;
        SplittableRandom r = new SplittableRandom(DataSet.mix(data.seed, 0xC0570000000L + j));
        String first = Words.FIRST[r.nextInt(Words.FIRST.length)];
        String last = Words.LAST[r.nextInt(Words.LAST.length)];
        String company = r.nextInt(10) < 6
                ? Words.company(
                        Words.COMPANY_STEMS[r.nextInt(Words.COMPANY_STEMS.length)],
                        Words.COMPANY_KINDS[r.nextInt(Words.COMPANY_KINDS.length)],
                        Words.COMPANY_SUFFIXES[r.nextInt(Words.COMPANY_SUFFIXES.length)])
                : null;
        StringBuilder sb = new StringBuilder(64);
        sb.append(first).append('.').append(last).append(j + 1).append('@');
        if (company != null) {
            sb.append(company, 0, company.indexOf(' ')).append("-mail.example");
        } else {
            sb.append("mail.example");
        }
        String email = sb.toString().toLowerCase(Locale.ROOT);
        String phone = r.nextInt(10) < 7
                ? String.format(
                        Locale.ROOT, "+%d %d %07d", 30 + r.nextInt(20), 10 + r.nextInt(90), r.nextInt(10_000_000))
                : null;
        long created = data.customerCreated(j);
        long updated = Math.max(created, Math.min(end, created + (long) (r.nextDouble() * 30 * MICROS_PER_DAY)));
        long churned = data.churnedAt(j);
        String status = churned != NONE ? "CHURNED" : ordered ? "ACTIVE" : "LEAD";
        if (churned != NONE) {
            updated = Math.max(created, Math.min(end, churned));
        }
        long deleted = NONE;
        if (!ordered && data.deletedIfIdle(j)) {
            deleted = Math.max(created, Math.min(end, created + (long) ((1 + r.nextDouble() * 59) * MICROS_PER_DAY)));
            updated = deleted;
        }
        return new Customer(
                j, data.customerOrg(j), first + " " + last, email, phone, company, status, created, updated, deleted);
    }

    /** Product {@code index} (org * productsPerOrg + k): archived ones are out of stock, deleted ones were never sold. */
    static Product product(DataSet data, int index) {
        int p = data.productsPerOrg;
        int k = index % p;
        long h = data.productHash(index);
        Words.Category category = DataSet.productCategory(h);
        String finish =
                category.finishes().get((int) ((h >>> 16) % category.finishes().size()));
        String name = Words.ADJECTIVES[(int) ((h >>> 24) % Words.ADJECTIVES.length)] + " " + finish + " "
                + DataSet.productNoun(h).name();
        long created = data.productCreated(index);
        long archived = data.productArchivedAt[index];
        long updated = archived != NONE
                ? archived
                : Math.min(
                        data.endMicros - DataSet.MICROS_PER_SECOND,
                        created + (long) (DataSet.unit(h * 31) * 30 * MICROS_PER_DAY));
        long deleted = NONE;
        if (data.productDeleted[index]) {
            deleted = Math.min(
                    data.endMicros - DataSet.MICROS_PER_SECOND,
                    created + (long) ((1 + DataSet.unit(h * 37) * 199) * MICROS_PER_DAY));
            updated = deleted;
        }
        int stock = archived != NONE || (h >>> 32) % 12 == 0 ? 0 : 5 + (int) ((h >>> 36) % 400);
        return new Product(
                index,
                index / p,
                String.format(Locale.ROOT, "SKU-%04d", k + 1),
                name,
                data.productPrice[index],
                archived != NONE ? "ARCHIVED" : "ACTIVE",
                stock,
                created,
                Math.max(created, updated),
                deleted);
    }
}

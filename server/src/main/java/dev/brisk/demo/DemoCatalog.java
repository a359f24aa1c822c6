package dev.brisk.demo;

import dev.brisk.datagen.Words;
import dev.brisk.demo.DemoData.Item;
import dev.brisk.demo.DemoData.Product;
import dev.brisk.products.ProductStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The demo catalogue: products created before the first order, a few archived or deleted later,
 * popular along a gentle Zipf curve; and the items an order of a given age buys from it. Draws
 * from the generator's {@link Random}, in the generator's order.
 */
final class DemoCatalog {

    private final Random random;
    private final Draws draws;
    private final long[] productAge;
    private final long[] archiveAge; // DemoData.NONE, or when the product was archived
    private final boolean[] productDeleted;
    private final double[] productWeightSum;
    private final long[] price;

    /** Plans {@code n} products: ages, archiving, deletions and popularity. */
    DemoCatalog(int n, Random random, Draws draws) {
        this.random = random;
        this.draws = draws;
        productAge = new long[n];
        for (int i = 0; i < n; i++) {
            productAge[i] = draws.between(
                    (DemoData.ORDER_DAYS + 30) * DemoData.DAY,
                    2 * DemoData.ORDER_DAYS * DemoData.DAY); // before the first order
        }
        Draws.sortDescending(productAge);
        archiveAge = new long[n];
        productDeleted = new boolean[n];
        price = new long[n];
        Arrays.fill(archiveAge, DemoData.NONE);
        // Deleted products were never sold; product 0 is always archived and product 1 always for sale.
        for (int i : draws.sample(Draws.indexRange(2, n), Math.max(1, n / 50))) {
            productDeleted[i] = true;
        }
        for (int i = 0; i < n; i++) {
            if (!productDeleted[i] && (i == 0 || (i > 1 && random.nextDouble() < 0.08))) {
                archiveAge[i] = draws.between(30 * DemoData.DAY, 300 * DemoData.DAY);
            }
        }
        // Popularity follows a gentle Zipf curve over a shuffled ranking, so best sellers are spread over the
        // catalogue.
        List<Integer> ranking = Draws.indexRange(0, n);
        Collections.shuffle(ranking, random);
        double[] weight = new double[n];
        for (int rank = 0; rank < n; rank++) {
            weight[ranking.get(rank)] = 1.0 / Math.pow(rank + 1, 0.7);
        }
        productWeightSum = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += productDeleted[i] ? 0 : weight[i];
            productWeightSum[i] = sum;
        }
    }

    /** The product rows, in creation order; call once, before {@link #items}, as the draws follow that order. */
    List<Product> products() {
        int n = price.length;
        List<Product> rows = new ArrayList<>(n);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < n; i++) {
            Words.Category category = Words.pick(random, Words.CATEGORIES);
            Words.Noun noun = Words.pick(random, category.nouns());
            String name = Words.pick(random, Words.ADJECTIVES) + " " + Words.pick(random, category.finishes()) + " "
                    + noun.name();
            for (int k = 2; !names.add(name); k++) {
                name = name.replaceFirst(" Mk \\d+$", "") + " Mk " + k;
            }
            long cents = noun.minPrice() + random.nextInt(noun.maxPrice() - noun.minPrice() + 1);
            price[i] = cents / 100 * 100 + (random.nextInt(4) == 0 ? 0 : 99); // 24.99 or 25.00
            boolean archived = archiveAge[i] != DemoData.NONE;
            int stock = archived || random.nextInt(12) == 0 ? 0 : 5 + random.nextInt(400);
            long updated = archived ? archiveAge[i] : draws.later(productAge[i], 0, 30 * DemoData.DAY);
            Instant deletedAt = null;
            if (productDeleted[i]) {
                updated = draws.later(productAge[i], DemoData.DAY, 200 * DemoData.DAY);
                deletedAt = draws.at(updated);
            }
            // The running number keeps SKUs unique across categories, deleted products included.
            rows.add(new Product(
                    "%s-%04d".formatted(category.sku(), 1001 + i),
                    name,
                    price[i],
                    archived ? ProductStatus.ARCHIVED : ProductStatus.ACTIVE,
                    stock,
                    draws.at(productAge[i]),
                    draws.at(updated),
                    deletedAt));
        }
        return rows;
    }

    /** Products may be sold until they are archived; deleted ones never were. */
    private boolean sellable(int product, long age) {
        return !productDeleted[product] && (archiveAge[product] == DemoData.NONE || archiveAge[product] < age);
    }

    /** The items of an order made {@code age} seconds ago: sellable products by popularity. */
    List<Item> items(long age) {
        int wanted = itemCount();
        List<Item> items = new ArrayList<>(wanted);
        Set<Integer> chosen = new HashSet<>();
        for (int attempt = 0; attempt < 50 && items.size() < wanted; attempt++) {
            int p = draws.weighted(productWeightSum, productWeightSum.length);
            if (sellable(p, age) && chosen.add(p)) {
                items.add(new Item(p, quantity(price[p]), price[p]));
            }
        }
        if (items.isEmpty()) {
            items.add(new Item(1, quantity(price[1]), price[1])); // product 1 is always for sale
        }
        return items;
    }

    private int itemCount() {
        double x = random.nextDouble();
        return x < 0.35 ? 1 : x < 0.65 ? 2 : x < 0.83 ? 3 : x < 0.93 ? 4 : 5;
    }

    /** Mostly one or two; cheap things sometimes by the box, dear ones (100.00 and up) one or two at a time. */
    private int quantity(long price) {
        double x = random.nextDouble();
        if (price >= 10_000) {
            return x < 0.8 ? 1 : 2;
        }
        return x < 0.5 ? 1 : x < 0.75 ? 2 : x < 0.85 ? 3 : 4 + random.nextInt(7);
    }
}

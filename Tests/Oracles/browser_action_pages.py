#!/usr/bin/env python3
"""Drives headless Chromium through an approval e-mail and its action pages, with Selenium.

Usage: browser_action_pages.py EMAIL_HTML_FILE OUTPUT_DIR CHROMEDRIVER CHROMIUM

1. Opens the e-mail's HTML part (a file) and screenshots it at 375 and 1024 px wide.
2. Reads the href of the "Approve" button and opens it: the confirmation page (GET), screenshot
   at 375 and 1024 px.
3. Clicks the page's button (the form POSTs): the result page, screenshot at 375 and 1024 px.
4. Opens the link again and clicks again: the "already answered" page, screenshot at 375 px.

Prints JSON: the headings of each page, the number of cookies the browser holds for the site,
whether the confirmation page's button is fully visible and at least 44 px tall at 375 px, and
the page widths (no horizontal scrolling at 375 px). Screenshots go to OUTPUT_DIR.
"""

import json
import pathlib
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.support.ui import WebDriverWait


def screenshot(driver, out, name, width):
    driver.set_window_size(width, 900)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, max(600, min(height + 140, 2400)))
    driver.save_screenshot(str(out / f"{name}-{width}.png"))
    return driver.execute_script("return document.documentElement.scrollWidth")


def wait_until_replaced(driver, element):
    """Waits until the page that held `element` is gone and the next one has its heading.

    While Chromium swaps documents, asking about the old element fails either as a stale
    reference or, mid-swap, as "Node with given id does not belong to the document" (Selenium's
    staleness_of only knows the first): both mean the old page is gone.
    """
    def gone(_):
        try:
            element.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise
    WebDriverWait(driver, 30).until(gone)
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.TAG_NAME, "h1"))


def main():
    email_file, out, chromedriver, chromium = sys.argv[1:5]
    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--hide-scrollbars"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    result = {}
    try:
        driver.get(pathlib.Path(email_file).resolve().as_uri())
        screenshot(driver, out, "email", 375)
        screenshot(driver, out, "email", 1024)
        link = driver.find_element(By.LINK_TEXT, "Approve").get_attribute("href")

        driver.get(link)
        result["confirmHeading"] = driver.find_element(By.TAG_NAME, "h1").text
        result["confirmWidth375"] = screenshot(driver, out, "confirm", 375)
        button = driver.find_element(By.CSS_SELECTOR, "form button")
        rect = button.rect
        result["buttonHeight375"] = rect["height"]
        result["buttonFits375"] = rect["x"] >= 0 and rect["x"] + rect["width"] <= 375
        screenshot(driver, out, "confirm", 1024)

        driver.find_element(By.CSS_SELECTOR, "form button").click()
        wait_until_replaced(driver, button)
        result["resultHeading"] = driver.find_element(By.TAG_NAME, "h1").text
        result["resultWidth375"] = screenshot(driver, out, "result", 375)
        screenshot(driver, out, "result", 1024)

        driver.get(link)
        again = driver.find_element(By.CSS_SELECTOR, "form button")
        again.click()
        wait_until_replaced(driver, again)
        result["againHeading"] = driver.find_element(By.TAG_NAME, "h1").text
        screenshot(driver, out, "already-answered", 375)
        result["cookies"] = len(driver.get_cookies())
    finally:
        driver.quit()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
